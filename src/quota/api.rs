//! The wire format of docs/quota-api.md: request bodies (every field optional on the wire so
//! a missing one is a 400 naming it), their validation into checked requests, and the
//! answers. Pure: reads no clock (the caller passes `now`), touches no Redis.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tollgate_core::config::WindowFile;

use crate::slot::{Slot, SlotError, window_of};

/// Largest amount or limit: Lua's doubles hold integers exactly up to 2^53 - 1.
pub const MAX_AMOUNT: u64 = (1 << 53) - 1;
/// Longest reservation id (bytes).
pub const MAX_ID: usize = 128;
/// Most budgets (or charges, or slots) in one call.
pub const MAX_ITEMS: usize = 64;
/// Longest hold.
pub const MAX_HOLD_SECONDS: u64 = 86_400;

/// A 400: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn bad(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Parses a JSON body; a type error names the field's path (`budgets[0].limit`).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, FieldError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if matches!(path.as_str(), "." | "?" | "") {
            "body".to_owned()
        } else {
            path
        };
        bad(field, e.into_inner().to_string())
    })?;
    de.end().map_err(|e| bad("body", e.to_string()))?;
    Ok(value)
}

fn required<T>(v: Option<T>, field: impl Into<String>) -> Result<T, FieldError> {
    v.ok_or_else(|| bad(field, "required"))
}

fn check_id(id: Option<String>) -> Result<String, FieldError> {
    let id = required(id, "id")?;
    let ok =
        !id.is_empty() && id.len() <= MAX_ID && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b));
    if !ok {
        return Err(bad("id", "must be 1 to 128 bytes of [A-Za-z0-9._:-]"));
    }
    Ok(id)
}

fn check_hold(v: Option<u64>) -> Result<u64, FieldError> {
    let s = required(v, "hold_seconds")?;
    if !(1..=MAX_HOLD_SECONDS).contains(&s) {
        return Err(bad("hold_seconds", "must be 1 to 86400"));
    }
    Ok(s * 1000)
}

fn check_amount(v: Option<u64>, field: String) -> Result<u64, FieldError> {
    let a = required(v, field.clone())?;
    if a > MAX_AMOUNT {
        return Err(bad(field, "must be at most 9007199254740991 (2^53 - 1)"));
    }
    Ok(a)
}

fn check_list<T>(v: Option<Vec<T>>, field: &str) -> Result<Vec<T>, FieldError> {
    let list = required(v, field)?;
    if list.is_empty() || list.len() > MAX_ITEMS {
        return Err(bad(field, "must have 1 to 64 entries"));
    }
    Ok(list)
}

fn slot_error(field: String, e: SlotError) -> FieldError {
    bad(field, e.to_string())
}

/// One budget on the wire (reserve, readout, reset use the fields they need).
#[derive(Debug, Deserialize)]
pub struct BudgetWire {
    pub counter: Option<String>,
    pub window: Option<WindowFile>,
    pub limit: Option<u64>,
    pub amount: Option<u64>,
}

/// A budget's slot now, and its reset time.
fn budget_slot(b: &mut BudgetWire, at: &str, now: u64) -> Result<(Slot, u64), FieldError> {
    let counter = required(b.counter.take(), format!("{at}.counter"))?;
    let window = required(b.window.take(), format!("{at}.window"))?;
    let window = window_of(&window).map_err(|e| slot_error(format!("{at}.window"), e))?;
    Slot::at(&counter, window, now).map_err(|e| slot_error(format!("{at}.counter"), e))
}

fn no_duplicates(slots: &[Slot], field: &str) -> Result<(), FieldError> {
    for (i, s) in slots.iter().enumerate() {
        if slots.iter().take(i).any(|t| t == s) {
            return Err(bad(format!("{field}[{i}]"), "names the same counter and window twice"));
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct ReserveWire {
    pub id: Option<String>,
    pub hold_seconds: Option<u64>,
    pub budgets: Option<Vec<BudgetWire>>,
}

/// One budget of a checked reserve.
#[derive(Debug, Clone)]
pub struct ReserveBudget {
    pub slot: Slot,
    pub reset_at: u64,
    pub limit: u64,
    pub amount: u64,
}

#[derive(Debug, Clone)]
pub struct Reserve {
    pub id: String,
    pub hold_ms: u64,
    pub budgets: Vec<ReserveBudget>,
}

impl ReserveWire {
    pub fn check(self, now: u64) -> Result<Reserve, FieldError> {
        let id = check_id(self.id)?;
        let hold_ms = check_hold(self.hold_seconds)?;
        let mut budgets = Vec::new();
        for (i, mut b) in check_list(self.budgets, "budgets")?.into_iter().enumerate() {
            let at = format!("budgets[{i}]");
            let (slot, reset_at) = budget_slot(&mut b, &at, now)?;
            let limit = check_amount(b.limit, format!("{at}.limit"))?;
            let amount = check_amount(b.amount, format!("{at}.amount"))?;
            budgets.push(ReserveBudget {
                slot,
                reset_at,
                limit,
                amount,
            });
        }
        let slots: Vec<Slot> = budgets.iter().map(|b| b.slot.clone()).collect();
        no_duplicates(&slots, "budgets")?;
        Ok(Reserve { id, hold_ms, budgets })
    }
}

#[derive(Debug, Serialize)]
pub struct ReserveBudgetAnswer {
    pub slot: String,
    pub admitted: bool,
    pub limit: u64,
    pub used: u64,
    pub held: u64,
    pub reset_at: u64,
}

#[derive(Debug, Serialize)]
pub struct ReserveAnswer {
    pub id: String,
    pub admitted: bool,
    pub refused_by: Option<usize>,
    pub budgets: Vec<ReserveBudgetAnswer>,
}

#[derive(Debug, Deserialize)]
pub struct ChargeWire {
    pub slot: Option<String>,
    pub amount: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct SettleWire {
    pub id: Option<String>,
    pub charges: Option<Vec<ChargeWire>>,
}

/// A checked settle (or release: every amount 0).
#[derive(Debug, Clone)]
pub struct Settle {
    pub id: String,
    /// (the slot string as sent, the slot, amount)
    pub charges: Vec<(String, Slot, u64)>,
}

fn check_slot(text: Option<String>, field: String) -> Result<(String, Slot), FieldError> {
    let text = required(text, field.clone())?;
    if text.len() > 1024 {
        return Err(bad(field, "must be at most 1024 bytes"));
    }
    let slot = Slot::decode(&text).map_err(|e| slot_error(field, e))?;
    Ok((text, slot))
}

impl SettleWire {
    pub fn check(self) -> Result<Settle, FieldError> {
        let id = check_id(self.id)?;
        let mut charges = Vec::new();
        for (i, c) in check_list(self.charges, "charges")?.into_iter().enumerate() {
            let (text, slot) = check_slot(c.slot, format!("charges[{i}].slot"))?;
            let amount = check_amount(c.amount, format!("charges[{i}].amount"))?;
            charges.push((text, slot, amount));
        }
        let slots: Vec<Slot> = charges.iter().map(|c| c.1.clone()).collect();
        no_duplicates(&slots, "charges")?;
        Ok(Settle { id, charges })
    }
}

#[derive(Debug, Deserialize)]
pub struct ReleaseWire {
    pub id: Option<String>,
    pub slots: Option<Vec<String>>,
}

fn check_slots(v: Option<Vec<String>>) -> Result<Vec<(String, Slot)>, FieldError> {
    let mut out = Vec::new();
    for (i, s) in check_list(v, "slots")?.into_iter().enumerate() {
        out.push(check_slot(Some(s), format!("slots[{i}]"))?);
    }
    let slots: Vec<Slot> = out.iter().map(|c| c.1.clone()).collect();
    no_duplicates(&slots, "slots")?;
    Ok(out)
}

impl ReleaseWire {
    pub fn check(self) -> Result<Settle, FieldError> {
        let id = check_id(self.id)?;
        let charges = check_slots(self.slots)?
            .into_iter()
            .map(|(text, slot)| (text, slot, 0))
            .collect();
        Ok(Settle { id, charges })
    }
}

#[derive(Debug, Serialize)]
pub struct SettleBudgetAnswer {
    pub slot: String,
    pub used: u64,
    pub held: u64,
    pub already_settled: bool,
}

#[derive(Debug, Serialize)]
pub struct SettleAnswer {
    pub id: String,
    pub budgets: Vec<SettleBudgetAnswer>,
}

#[derive(Debug, Deserialize)]
pub struct RenewWire {
    pub id: Option<String>,
    pub slots: Option<Vec<String>>,
    pub hold_seconds: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Renew {
    pub id: String,
    pub slots: Vec<Slot>,
    pub hold_ms: u64,
}

impl RenewWire {
    pub fn check(self) -> Result<Renew, FieldError> {
        let id = check_id(self.id)?;
        let slots = check_slots(self.slots)?.into_iter().map(|s| s.1).collect();
        let hold_ms = check_hold(self.hold_seconds)?;
        Ok(Renew { id, slots, hold_ms })
    }
}

#[derive(Debug, Serialize)]
pub struct RenewAnswer {
    pub id: String,
    pub renewed: Vec<bool>,
}

#[derive(Debug, Deserialize)]
pub struct ReadoutWire {
    pub budgets: Option<Vec<BudgetWire>>,
}

/// A budget to read out (limit set) or reset (limit unused).
#[derive(Debug, Clone)]
pub struct Lookup {
    pub slot: Slot,
    pub reset_at: u64,
    pub limit: u64,
}

impl ReadoutWire {
    /// Readout (`with_limit`) or reset: the budgets' current slots.
    pub fn check(self, now: u64, with_limit: bool) -> Result<Vec<Lookup>, FieldError> {
        let mut out = Vec::new();
        for (i, mut b) in check_list(self.budgets, "budgets")?.into_iter().enumerate() {
            let at = format!("budgets[{i}]");
            let (slot, reset_at) = budget_slot(&mut b, &at, now)?;
            let limit = if with_limit {
                check_amount(b.limit, format!("{at}.limit"))?
            } else {
                0
            };
            out.push(Lookup { slot, reset_at, limit });
        }
        Ok(out)
    }
}

#[derive(Debug, Serialize)]
pub struct ReadoutBudgetAnswer {
    pub slot: String,
    pub limit: u64,
    pub used: u64,
    pub held: u64,
    pub reset_at: u64,
}

#[derive(Debug, Serialize)]
pub struct ReadoutAnswer {
    pub budgets: Vec<ReadoutBudgetAnswer>,
}

#[derive(Debug, Serialize)]
pub struct ResetAnswer {
    pub reset: usize,
}

/// The body of every non-200 answer.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
