//! Reminders before the 1:1, while the app runs: a desktop notification
//! naming the partner (a click on it starts a retro with them), and the
//! same reminder in the window until the owner acts on it or puts it away.
//! Which reminder is due, and when, is the journal's arithmetic; this
//! module only waits for it and shows it.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use retro_core::journal::{Id, Reminder};
use tauri::{AppHandle, Emitter, Manager};

use super::AppState;

/// The event that tells the window a reminder is waiting for it.
const REMINDED: &str = "reminded";
/// The event that asks the window to start a retro with a partner (the
/// notification was clicked); its payload is the partner's id.
const START_WITH: &str = "start-retro-with";

/// The longest the keeper sleeps before it looks again: a laptop that
/// slept through a reminder gets it within a minute of waking.
const LOOK_AGAIN: Duration = Duration::from_secs(60);

/// The reminders given and not yet taken by the window, and the way to
/// tell the keeper that the schedules changed.
pub struct Reminders {
    waiting: Mutex<Vec<Reminder>>,
    changed: Mutex<mpsc::Sender<()>>,
}

impl Reminders {
    /// No reminders yet, and the keeper's ear for changed schedules.
    pub fn new() -> (Reminders, mpsc::Receiver<()>) {
        let (changed, woken) = mpsc::channel();
        let reminders = Reminders {
            waiting: Mutex::new(Vec::new()),
            changed: Mutex::new(changed),
        };
        (reminders, woken)
    }

    /// The reminders given since the window last asked, once.
    pub fn take(&self) -> Vec<Reminder> {
        std::mem::take(&mut *self.waiting.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// A schedule changed: the next reminder may be sooner.
    pub fn schedules_changed(&self) {
        let _ = self
            .changed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(());
    }
}

/// Starts the keeper of the reminders, beside the window (once
/// [`Reminders`] is in the app's state): it gives the reminders that are
/// due, sleeps until the next one (or a minute at most, or until a
/// schedule changes), and looks again.
pub fn keep_reminders(app: AppHandle, woken: mpsc::Receiver<()>) {
    std::thread::spawn(move || {
        let mut failed = false;
        loop {
            let state = app.state::<AppState>();
            let looked = state.with(|j| {
                let due = j.due_reminders(&Local)?;
                let next = j.next_reminder_at(&Local)?;
                Ok((due, next.map(|at| at - j.clock())))
            });
            let wait = match looked {
                Ok((due, next)) => {
                    failed = false;
                    for reminder in due {
                        give(&app, reminder);
                    }
                    next.and_then(|d| d.to_std().ok())
                        .map_or(LOOK_AGAIN, |d| d.min(LOOK_AGAIN))
                }
                Err(e) => {
                    // Said once, not every minute: the window shows the journal's problem.
                    if !failed {
                        eprintln!(
                            "retro-companion: reminders wait for the journal: {}",
                            e.message
                        );
                    }
                    failed = true;
                    LOOK_AGAIN
                }
            };
            if let Err(RecvTimeoutError::Disconnected) = woken.recv_timeout(wait) {
                return;
            }
        }
    });
}

/// Gives one reminder: to the window, and as a desktop notification.
fn give(app: &AppHandle, reminder: Reminder) {
    let (summary, body) = words(&reminder);
    let partner = reminder.partner_id;
    app.state::<Reminders>()
        .waiting
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(reminder);
    // A window that went away no longer needs to know.
    let _ = app.emit(REMINDED, ());
    let shown = notify_rust::Notification::new()
        .appname("Retro Companion")
        .icon("retro-companion")
        .summary(&summary)
        .body(&body)
        .action("default", "Start the retro")
        .show();
    match shown {
        Ok(handle) => {
            let app = app.clone();
            std::thread::spawn(move || {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        start_with(&app, partner);
                    }
                })
            });
        }
        // The reminder is in the window all the same.
        Err(e) => eprintln!("retro-companion: the desktop notification could not be shown: {e}"),
    }
}

/// The notification's words: the partner and the time, nothing private.
fn words(reminder: &Reminder) -> (String, String) {
    let name = &reminder.partner_name;
    let starts = DateTime::parse_from_rfc3339(&reminder.starts_at)
        .map(|t| t.with_timezone(&Local))
        .unwrap_or_else(|_| Utc::now().with_timezone(&Local));
    if reminder.missed {
        (
            format!(
                "Your 1:1 with {name} was at {}",
                starts.format("%H:%M on %a %-d %b")
            ),
            format!("The reminder came while the app was closed. Start the retro with {name}?"),
        )
    } else {
        (
            format!("1:1 with {name} at {}", starts.format("%H:%M")),
            format!("Start the retro with {name} when you are ready."),
        )
    }
}

/// Brings the window to the front and asks it to start a retro with `partner`.
fn start_with(app: &AppHandle, partner: Id) {
    super::to_the_front(app);
    let _ = app.emit(START_WITH, partner);
}
