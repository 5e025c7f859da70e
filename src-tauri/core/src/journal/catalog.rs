//! The catalog: the needs anyone can rate, and the roles they belong to.
//! A need an entry uses is archived, never destroyed.

use super::rules::{self, Source};
use super::{Journal, JournalError, NeedInput, Result};
use crate::store::{self, Id, Need, NewNeed, Role, TensionPair};

impl Journal {
    pub fn add_role(&mut self, name: &str) -> Result<Role> {
        self.owner_at_keyboard()?;
        let name = rules::name(Source::Typed, "The role's name", name)?;
        let id = self.db.write(|tx| {
            rules::role_fits(tx, Source::Typed, &name, None)?;
            Ok::<_, JournalError>(store::insert_role(tx, None, &name, false)?)
        })?;
        self.role(id)
    }

    /// Renames a custom role. Product and engineering keep their names.
    pub fn rename_role(&mut self, id: Id, name: &str) -> Result<Role> {
        self.owner_at_keyboard()?;
        let name = rules::name(Source::Typed, "The role's name", name)?;
        self.db.write(|tx| {
            let role = store::role(tx, id)?.ok_or(JournalError::NotFound("That role"))?;
            if role.builtin {
                return Err(JournalError::Invalid(format!(
                    "{} is built in and keeps its name.",
                    role.name
                )));
            }
            rules::role_fits(tx, Source::Typed, &name, Some(id))?;
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
        let id = self.db.write(|tx| {
            let need = rules::need(tx, Source::Typed, input, None)?;
            Ok::<_, JournalError>(store::insert_need(
                tx,
                &NewNeed {
                    id: None,
                    role_id: need.role_id,
                    name: &need.name,
                    explanation: &need.explanation,
                    frustration: &need.frustration,
                    builtin: false,
                    archived_at: None,
                },
            )?)
        })?;
        self.need(id)
    }

    /// Edits a need's name, role, explanation or frustration. Entries that
    /// use it show the new wording.
    pub fn update_need(&mut self, id: Id, input: &NeedInput) -> Result<Need> {
        self.owner_at_keyboard()?;
        self.db.write(|tx| {
            let input = rules::need(tx, Source::Typed, input, Some(id))?;
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
        let stamp = archived.then(|| self.now());
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
        let id = self.db.write(|tx| {
            let question = rules::tension_pair(tx, Source::Typed, (a, b), question)?;
            Ok::<_, JournalError>(store::insert_tension_pair(
                tx,
                None,
                (a, b),
                &question,
                false,
            )?)
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
