//! Taking turns on one laptop: who holds the keyboard, the hand-over between
//! two people, and the optional PIN that guards each person's turn.
//!
//! The keyboard is stored in the journal, so a restart in the middle of a
//! partner's turn, or of a hand-over, never lands on the owner's journal.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use super::{Journal, JournalError, Result};
use crate::store::{self, Id, Person, PinTries, Retro, RetroKind, Turn};

/// Wrong PINs in a row before the hand-over makes people wait.
pub const PIN_TRIES: u32 = 5;
/// How long they wait, in seconds.
pub const PIN_WAIT_SECONDS: i64 = 30;

/// Who is at the keyboard, and which retro they are bound to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Keyboard {
    /// `None` while the hand-over screen is up.
    pub writer: Option<Id>,
    /// The retro being written in turns; `None` when the owner has the
    /// keyboard and the whole journal.
    pub retro: Option<Id>,
}

impl Keyboard {
    /// Whether the retro is in view at all: during a turn only its retro is,
    /// and only retros the person at the keyboard takes part in.
    pub fn sees(&self, retro: &Retro) -> bool {
        self.retro.is_none_or(|id| id == retro.id)
            && self
                .writer
                .is_none_or(|w| retro.participants.iter().any(|p| p.person.id == w))
    }
}

impl Journal {
    /// Who is at the keyboard. Before onboarding nobody is, and there is
    /// nothing to see either.
    pub(super) fn keyboard(&self) -> Result<Keyboard> {
        Ok(match store::turn(self.db.conn())? {
            Some((retro, writer)) => Keyboard {
                writer,
                retro: Some(retro),
            },
            None => Keyboard {
                writer: self.me()?.map(|me| me.id),
                retro: None,
            },
        })
    }

    /// The retro being written in turns and who holds the keyboard, or
    /// `None` when the owner has it.
    pub fn turn(&self) -> Result<Option<Turn>> {
        store::turn(self.db.conn())?
            .map(|(retro_id, writer)| {
                Ok(Turn {
                    retro_id,
                    writer: writer.map(|id| self.person(id)).transpose()?,
                })
            })
            .transpose()
    }

    /// The person at the keyboard. Refused while the laptop is being handed over.
    pub fn active_writer(&self) -> Result<Person> {
        let id = match store::turn(self.db.conn())? {
            Some((_, writer)) => writer.ok_or(JournalError::HandingOver)?,
            None => self.require_me()?.id,
        };
        self.person(id)
    }

    /// Refuses anything but the owner at the keyboard: during a turn the
    /// journal shows only the retro being written.
    pub(super) fn owner_at_keyboard(&self) -> Result<()> {
        if store::turn(self.db.conn())?.is_some() {
            return Err(JournalError::OwnerAway(self.require_me()?.name));
        }
        Ok(())
    }

    /// Puts up the hand-over screen for a paired retro: from now on nothing
    /// anyone wrote is shown until the next person takes the keyboard.
    pub fn pass_turn(&mut self, retro_id: Id) -> Result<Option<Turn>> {
        self.active_writer()?;
        let retro = self.retro(retro_id)?;
        if retro.kind == RetroKind::Solo {
            return Err(JournalError::Invalid(
                "A solo retro has nobody to pass the laptop to.".into(),
            ));
        }
        if store::is_remote(self.db.conn(), retro_id)? {
            return Err(JournalError::Invalid(
                "This retro is held on two laptops: your partner writes in their own journal and sends you their sealed entry.".into(),
            ));
        }
        self.db
            .write(|tx| store::set_turn(tx, Some((retro_id, None))))?;
        self.turn()
    }

    /// Hands the keyboard to a participant of the retro, checking their PIN
    /// if they set one. Taking it as the owner ends the turns.
    pub fn take_turn(
        &mut self,
        retro_id: Id,
        person_id: Id,
        pin: Option<&str>,
    ) -> Result<Option<Turn>> {
        let retro = self.retro(retro_id)?;
        let person = retro
            .participants
            .iter()
            .find(|p| p.person.id == person_id)
            .map(|p| p.person.clone())
            .ok_or(JournalError::NotParticipant)?;
        let kb = self.keyboard()?;
        let already = kb.writer == Some(person_id) && (person.is_me || kb.retro == Some(retro_id));
        if !already {
            self.check_pin(&person, pin)?;
            let turn = (!person.is_me).then_some((retro_id, Some(person_id)));
            self.db.write(|tx| store::set_turn(tx, turn))?;
        }
        self.turn()
    }

    /// Sets, changes or (with `None`) removes the PIN of the person at the keyboard.
    pub fn set_pin(&mut self, pin: Option<&str>) -> Result<Person> {
        let writer = self.active_writer()?;
        let hash = match pin {
            None => None,
            Some(pin) => {
                let pin = pin.trim();
                if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(JournalError::Invalid(
                        "A PIN is 4 to 8 digits, 0 to 9.".into(),
                    ));
                }
                let salt = SaltString::generate(&mut OsRng);
                let hash = Argon2::default()
                    .hash_password(pin.as_bytes(), &salt)
                    .map_err(|e| {
                        JournalError::Invalid(format!("The PIN could not be stored: {e}"))
                    })?;
                Some(hash.to_string())
            }
        };
        self.db
            .write(|tx| store::set_pin_hash(tx, writer.id, hash.as_deref()))?;
        self.person(writer.id)
    }

    fn check_pin(&mut self, person: &Person, pin: Option<&str>) -> Result<()> {
        let Some(stored) = store::pin_hash(self.db.conn(), person.id)? else {
            return Ok(());
        };
        let now = (self.clock)();
        let mut tries = store::pin_tries(self.db.conn(), person.id)?;
        if let Some(until) = tries.wait_until.as_deref() {
            let until = DateTime::parse_from_rfc3339(until).map_or(now, |t| t.with_timezone(&Utc));
            if now < until {
                // Whole seconds, rounded up: "wait 1 second" until it is over.
                let seconds = ((until - now).num_milliseconds() + 999).div_euclid(1000);
                return Err(JournalError::PinWait(seconds.unsigned_abs()));
            }
            tries = PinTries::default();
        }
        let pin = pin.map(str::trim).filter(|p| !p.is_empty());
        let Some(pin) = pin else {
            return Err(JournalError::PinNeeded(person.name.clone()));
        };
        let parsed = PasswordHash::new(&stored).map_err(|_| {
            JournalError::Invalid(format!(
                "{}'s PIN is stored in a form this version can't read.",
                person.name
            ))
        })?;
        let right = Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok();
        if right {
            tries = PinTries::default();
        } else {
            tries.failures += 1;
            if tries.failures >= PIN_TRIES {
                let until = now + Duration::seconds(PIN_WAIT_SECONDS);
                tries = PinTries {
                    failures: 0,
                    wait_until: Some(until.to_rfc3339_opts(SecondsFormat::Millis, true)),
                };
            }
        }
        // Kept in the journal, so closing the app does not reset the count.
        self.db
            .write(|tx| store::set_pin_tries(tx, person.id, &tries))?;
        if right {
            Ok(())
        } else {
            Err(JournalError::PinWrong(person.name.clone()))
        }
    }
}
