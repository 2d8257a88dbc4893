//! Settings addressed by key path, such as `pools.inhouse.agents` or
//! `intents.refund.ai.resolved`: how a sweep (and later a timeline) changes one value of a
//! scenario.
//!
//! A path walks the TOML document: table keys by name, and the arrays of tables `intents` and
//! `pools` by the `name` of their element. The value is written into the document, which is
//! then validated like any scenario file, so a path can change anything a file can say and
//! nothing a file could not.

use toml::{Table, Value};

/// Sets `path` to `value` in `doc`. Intermediate tables are created where the file omits them
/// (`ai.cost_per_conversation` without an `[ai]` table); whether the key is valid is decided
/// by the validation that follows.
///
/// # Errors
///
/// A message (`String`) naming the path if it has an empty part (`"pools..agents"`), if it
/// stops at an element of `intents` or `pools` without naming a setting of it
/// (`"pools.bpo"`), if no element has the name it gives (the message lists the names
/// there are), or if it goes through a value that is not a table (`"simulation.horizon.x"`).
///
/// # Example
///
/// ```
/// use staffsim::scenario::{self, paths::set_path};
/// use toml::{Table, Value};
///
/// let text = r#"
/// [simulation]
/// horizon = "1d"
/// [arrivals]
/// rate = "120/h"
/// [[intents]]
/// name = "general"
/// share = 1.0
/// handle_time = { dist = "exponential", mean = "4m" }
/// [[pools]]
/// name = "agents"
/// agents = 10
/// "#;
/// let mut doc: Table = text.parse().unwrap();
/// set_path(&mut doc, "arrivals.rate", Value::String("240/h".into())).unwrap();
/// set_path(&mut doc, "pools.agents.agents", Value::Integer(12)).unwrap();
/// let busier = toml::to_string(&doc).unwrap();
/// let desk = scenario::parse(&busier, "desk.toml", "desk").unwrap();
/// assert_eq!(desk.arrivals.mean_rate, 240.0 / 3600.0);
/// assert_eq!(desk.pools[0].staffing.mean_agents(), 12.0);
///
/// let err = set_path(&mut doc, "pools.bpo.agents", Value::Integer(5)).unwrap_err();
/// assert!(err.contains("no pools named \"bpo\" (known: agents)"), "{err}");
/// ```
pub fn set_path(doc: &mut Table, path: &str, value: Value) -> Result<(), String> {
    let parts: Vec<&str> = path.split('.').collect();
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(format!("the path {path:?} has an empty part"));
    }
    let mut table = doc;
    let mut i = 0;
    while i + 1 < parts.len() {
        let key = parts[i];
        let entry = table
            .entry(key.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
        table = match entry {
            Value::Table(t) => t,
            Value::Array(items) => {
                // An array of named tables: the next part is the element's name.
                let name = parts[i + 1];
                i += 1;
                if i + 1 >= parts.len() {
                    return Err(format!(
                        "the path {path:?} names {key} {name:?} but no setting of it"
                    ));
                }
                let known: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
                    .collect();
                items
                    .iter_mut()
                    .filter_map(Value::as_table_mut)
                    .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
                    .ok_or_else(|| {
                        format!(
                            "the path {path:?}: there is no {key} named {name:?} (known: {})",
                            known.join(", ")
                        )
                    })?
            }
            other => {
                return Err(format!(
                    "the path {path:?}: `{key}` is a {}, not a table",
                    other.type_str()
                ));
            }
        };
        i += 1;
    }
    table.insert(parts[parts.len() - 1].to_string(), value);
    Ok(())
}

/// Removes the setting at `path` from `doc` (same path syntax as [`set_path`]); returns
/// whether the document set it.
pub fn remove_path(doc: &mut Table, path: &str) -> bool {
    let parts: Vec<&str> = path.split('.').collect();
    let mut table = doc;
    let mut i = 0;
    while i + 1 < parts.len() {
        table = match table.get_mut(parts[i]) {
            Some(Value::Table(t)) => t,
            Some(Value::Array(items)) => {
                i += 1;
                let Some(t) = items
                    .iter_mut()
                    .filter_map(Value::as_table_mut)
                    .find(|t| t.get("name").and_then(Value::as_str) == Some(parts[i]))
                else {
                    return false;
                };
                t
            }
            _ => return false,
        };
        i += 1;
    }
    i + 1 == parts.len() && table.remove(parts[i]).is_some()
}

/// The value at `path` in `doc`, if the document sets it (same path syntax as [`set_path`]).
pub fn get_path<'a>(doc: &'a Table, path: &str) -> Option<&'a Value> {
    let parts: Vec<&str> = path.split('.').collect();
    let mut table = doc;
    let mut i = 0;
    while i + 1 < parts.len() {
        table = match table.get(parts[i])? {
            Value::Table(t) => t,
            Value::Array(items) => {
                i += 1;
                items
                    .iter()
                    .filter_map(Value::as_table)
                    .find(|t| t.get("name").and_then(Value::as_str) == Some(parts[i]))?
            }
            _ => return None,
        };
        i += 1;
    }
    if i + 1 == parts.len() {
        table.get(parts[i])
    } else {
        None
    }
}

/// Leaf values of `table` under their key paths (`{ ai = { enabled = true } }` and
/// `{ "ai.enabled" = true }` both give `ai.enabled`).
pub fn flatten(prefix: &str, table: &Table, out: &mut Vec<(String, Value)>) {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Table(t) if !t.is_empty() => flatten(&path, t, out),
            _ => out.push((path, v.clone())),
        }
    }
}

/// A number as a TOML value: an integer when it is whole (integer settings refuse floats;
/// number settings accept integers), a float otherwise.
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::Integer(x as i64)
    } else {
        Value::Float(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        r#"
[simulation]
horizon = "1d"
[[pools]]
name = "inhouse"
agents = 10
[[pools]]
name = "bpo"
agents = 5
"#
        .parse()
        .unwrap()
    }

    #[test]
    fn paths_reach_named_elements_and_create_tables() {
        let mut d = doc();
        set_path(&mut d, "pools.bpo.agents", number_value(7.0)).unwrap();
        set_path(&mut d, "ai.cost_per_conversation", number_value(0.25)).unwrap();
        set_path(&mut d, "simulation.seed", number_value(3.0)).unwrap();
        assert_eq!(d["pools"][1]["agents"].as_integer(), Some(7));
        assert_eq!(d["pools"][0]["agents"].as_integer(), Some(10));
        assert_eq!(d["ai"]["cost_per_conversation"].as_float(), Some(0.25));
        assert_eq!(d["simulation"]["seed"].as_integer(), Some(3));
        assert_eq!(get_path(&d, "pools.bpo.agents"), Some(&Value::Integer(7)));
        assert_eq!(get_path(&d, "pools.bpo.nothing"), None);
        assert_eq!(get_path(&d, "pools.bpo"), None);
    }

    #[test]
    fn bad_paths_say_why() {
        let mut d = doc();
        let e = set_path(&mut d, "pools.outsourced.agents", number_value(1.0)).unwrap_err();
        assert!(
            e.contains("no pools named \"outsourced\"") && e.contains("inhouse"),
            "{e}"
        );
        let e = set_path(&mut d, "simulation.horizon.x", number_value(1.0)).unwrap_err();
        assert!(e.contains("not a table"), "{e}");
        assert!(set_path(&mut d, "pools..agents", number_value(1.0)).is_err());
        assert!(set_path(&mut d, "pools.bpo", number_value(1.0)).is_err());
    }
}
