//! The catalog: the needs anyone can rate, and the roles they belong to.
//! A need an entry uses is archived, never destroyed.

use super::input::{long_text, text, NeedInput, MAX_NAME, MAX_QUESTION};
use super::{now, Journal, JournalError, Result};
use crate::store::{self, Id, Need, Role, TensionPair};

impl Journal {
    pub fn add_role(&mut self, name: &str) -> Result<Role> {
        self.owner_at_keyboard()?;
        let name = text("The role's name", name, MAX_NAME)?;
        let id = self.db.write(|tx| {
            if store::role_by_name(tx, &name)?.is_some() {
                return Err(JournalError::Invalid(format!(
                    "There is already a role called {name}."
                )));
            }
            Ok(store::insert_role(tx, &name)?)
        })?;
        self.role(id)
    }

    /// Renames a custom role. Product and engineering keep their names.
    pub fn rename_role(&mut self, id: Id, name: &str) -> Result<Role> {
        self.owner_at_keyboard()?;
        let name = text("The role's name", name, MAX_NAME)?;
        self.db.write(|tx| {
            let role = store::role(tx, id)?.ok_or(JournalError::NotFound("That role"))?;
            if role.builtin {
                return Err(JournalError::Invalid(format!(
                    "{} is built in and keeps its name.",
                    role.name
                )));
            }
            if store::role_by_name(tx, &name)?.is_some_and(|r| r.id != id) {
                return Err(JournalError::Invalid(format!(
                    "There is already a role called {name}."
                )));
            }
            store::rename_role(tx, id, &name)?;
            Ok(())
        })?;
        self.role(id)
    }

    fn role(&self, id: Id) -> Result<Role> {
        store::role(self.db.conn(), id)?.ok_or(JournalError::NotFound("That role"))
    }

    pub fn add_need(&mut self, input: &NeedInput) -> Result<Need> {
        self.owner_at_keyboard()?;
        let input = checked_need(input)?;
        let id = self.db.write(|tx| {
            check_need_fits(tx, &input, None)?;
            Ok::<_, JournalError>(store::insert_need(
                tx,
                input.role_id,
                &input.name,
                &input.explanation,
                &input.frustration,
            )?)
        })?;
        self.need(id)
    }

    /// Edits a need's name, role, explanation or frustration. Entries that
    /// use it show the new wording.
    pub fn update_need(&mut self, id: Id, input: &NeedInput) -> Result<Need> {
        self.owner_at_keyboard()?;
        let input = checked_need(input)?;
        self.db.write(|tx| {
            check_need_fits(tx, &input, Some(id))?;
            let changed = store::update_need(
                tx,
                id,
                input.role_id,
                &input.name,
                &input.explanation,
                &input.frustration,
            )?;
            if changed == 0 {
                return Err(JournalError::NotFound("That need"));
            }
            Ok(())
        })?;
        self.need(id)
    }

    /// Archived needs leave the editor's list but stay in every entry that used them.
    pub fn set_need_archived(&mut self, id: Id, archived: bool) -> Result<Need> {
        self.owner_at_keyboard()?;
        let stamp = archived.then(now);
        let changed = self.db.write(|tx| {
            Ok::<_, JournalError>(store::set_need_archived(tx, id, stamp.as_deref())?)
        })?;
        if changed == 0 {
            return Err(JournalError::NotFound("That need"));
        }
        self.need(id)
    }

    /// Deletes a custom need that no entry uses; anything else is refused.
    pub fn delete_need(&mut self, id: Id) -> Result<()> {
        self.owner_at_keyboard()?;
        let need = self.need(id)?;
        if need.builtin {
            return Err(JournalError::Invalid(format!(
                "{} is built in and can't be deleted. Archive it to hide it from the editor.",
                need.name
            )));
        }
        self.db.write(|tx| {
            if store::need_in_use(tx, id)? {
                return Err(JournalError::NeedInUse);
            }
            store::delete_need(tx, id)?;
            Ok(())
        })
    }

    /// The tension pairs the reveal looks for: the built-in three first.
    pub fn tension_pairs(&self) -> Result<Vec<TensionPair>> {
        Ok(store::tension_pairs(self.db.conn())?)
    }

    /// Pairs two needs that pull against each other, with the question the
    /// reveal asks when they collide.
    pub fn add_tension_pair(&mut self, a: Id, b: Id, question: &str) -> Result<TensionPair> {
        self.owner_at_keyboard()?;
        let question = text("The question", question, MAX_QUESTION)?;
        if a == b {
            return Err(JournalError::Invalid(
                "A tension pair is two different needs.".into(),
            ));
        }
        self.need(a)?;
        self.need(b)?;
        let id = self.db.write(|tx| {
            if store::tension_pair_exists(tx, a, b)? {
                return Err(JournalError::Invalid(
                    "These two needs are already a tension pair.".into(),
                ));
            }
            Ok(store::insert_tension_pair(tx, a, b, &question)?)
        })?;
        self.tension_pairs()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(JournalError::NotFound("That tension pair"))
    }

    /// Removes a custom tension pair; the built-in ones stay.
    pub fn delete_tension_pair(&mut self, id: Id) -> Result<()> {
        self.owner_at_keyboard()?;
        let gone = self
            .db
            .write(|tx| Ok::<_, JournalError>(store::delete_tension_pair(tx, id)?))?;
        if gone == 0 {
            return Err(JournalError::Invalid(
                "Only a tension pair you added can be removed; the built-in ones stay.".into(),
            ));
        }
        Ok(())
    }

    fn need(&self, id: Id) -> Result<Need> {
        self.needs()?
            .into_iter()
            .find(|n| n.id == id)
            .ok_or(JournalError::NotFound("That need"))
    }
}

fn checked_need(input: &NeedInput) -> Result<NeedInput> {
    let name = text("The need's name", &input.name, MAX_NAME)?;
    long_text("The explanation", &input.explanation)?;
    long_text("The frustration", &input.frustration)?;
    Ok(NeedInput {
        name,
        explanation: input.explanation.trim().to_owned(),
        frustration: input.frustration.trim().to_owned(),
        role_id: input.role_id,
    })
}

/// The role must exist and no other need may have the same name.
fn check_need_fits(tx: &rusqlite::Transaction, input: &NeedInput, this: Option<Id>) -> Result<()> {
    if store::role(tx, input.role_id)?.is_none() {
        return Err(JournalError::NotFound("That role"));
    }
    if store::need_by_name(tx, &input.name)?.is_some_and(|other| Some(other) != this) {
        return Err(JournalError::Invalid(format!(
            "There is already a need called {}.",
            input.name
        )));
    }
    Ok(())
}
