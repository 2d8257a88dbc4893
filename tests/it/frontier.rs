//! `frontier`: the cost–quality frontier found by optimisation, against the shipped sweep's
//! grid on the same seed, on a fresh seed, across thread counts, as shards joined by
//! `merge`, and on bad input.

use std::path::{Path, PathBuf};

use crate::common::{seal, staffsim};

const DESK: &str = "scenarios/sweep_containment_headcount.toml";
const CONTAINMENT: &str =
    "intents.order_status.ai.containment,intents.refund.ai.containment=0.5:0.9:0.1";
const ROSTER: &str = "pools.chat_agents.staffing_scale=0.6:1.4:0.2";

/// The targets the frontier must respect besides its level: at most 3 % of contacts lost
/// over the run, which the thinner rosters of the grid miss.
const TARGETS: &str = "\n[targets.run]\nabandonment_rate = { max = 0.03 }\n";

/// The shipped containment sweep, shortened to 10 measured days (true resolution needs its 7-day window) and 3 replications (its grid
/// and everything else as shipped), written into `dir`.
pub(crate) fn short_desk(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(DESK).unwrap();
    let short = text
        .replacen("horizon = \"17d\"", "horizon = \"12d\"", 1)
        .replacen("warmup = \"3d\"", "warmup = \"2d\"", 1)
        .replacen("replications = 4", "replications = 3", 1)
        + TARGETS;
    assert_ne!(short, text);
    let path = dir.join("desk.toml");
    std::fs::write(&path, short).unwrap();
    path
}

/// The rows of a CSV file as maps from column to value.
fn rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn num(row: &std::collections::HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {:?}", row[key]))
}

/// On the shipped desk (shortened), with the containment of both intents and the roster as
/// decision keys on the sweep's own lattice, for three levels of true resolution:
///
/// - the frontier is no dearer than the cheapest point of the shipped sweep's grid that meets
///   the level, both evaluated on the same seed and replications (the grid through `staffsim
///   sweep`): the search is held to what the grid finds, with no tolerance;
/// - on the fresh seed, every frontier point meets its level, or, where it misses, the level
///   lies inside the fresh-seed run's 95 % interval of true resolution (a miss within the
///   noise: the point was chosen because it just meets the level on the seed searched), and
///   the desk's target (abandonment over the run, added to the shipped desk here) holds;
/// - the search run whole on one thread, and run as two shards (`--shard 1/2` on one thread,
///   `--shard 2/2` on two) joined by `staffsim merge`, write byte-identical `frontier.csv`,
///   `frontier.json`, `plots/frontier.svg` and `report.html`: neither the threads nor the
///   shards change the answer (the shards cost little more than a second whole run, which is
///   what a thread test alone would cost).
#[test]
fn the_frontier_beats_the_sweep_grid_on_the_shipped_desk() {
    let dir = tempfile::tempdir().unwrap();
    let desk = short_desk(dir.path());
    let levels = [0.985, 0.99, 0.9905];
    let run = |threads: &str, shard: Option<&str>, out: &str| {
        let mut cmd = staffsim();
        cmd.args([
            "frontier",
            desk.to_str().unwrap(),
            "--levels",
            "0.985,0.99,0.9905",
        ])
        .args(["--decide", CONTAINMENT, "--decide", ROSTER])
        .args(["--threads", threads, "-q", "--out"])
        .arg(dir.path().join(out));
        match shard {
            Some(s) => cmd.args(["--shard", s]),
            None => cmd.arg("--report"),
        };
        cmd.assert().success();
    };
    run("1", None, "one");
    run("1", Some("1/2"), "part1");
    run("2", Some("2/2"), "part2");
    let a = staffsim()
        .arg("merge")
        .args([dir.path().join("part2"), dir.path().join("part1")])
        .arg("--out")
        .arg(dir.path().join("merged"))
        .arg("--report")
        .assert()
        .success();
    let said = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(said.contains("merged 2 shards: 3 levels"), "{said}");
    for f in [
        "frontier.csv",
        "frontier.json",
        "plots/frontier.svg",
        "report.html",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join("one").join(f)).unwrap(),
            std::fs::read(dir.path().join("merged").join(f)).unwrap(),
            "{f} differs between the whole run and the merged shards"
        );
    }
    // The shards did hold different levels: each file has its own share.
    assert_eq!(rows(&dir.path().join("part1/frontier.csv")).len(), 2);
    assert_eq!(rows(&dir.path().join("part2/frontier.csv")).len(), 1);
    staffsim()
        .args(["sweep", desk.to_str().unwrap(), "-q", "--out"])
        .arg(dir.path().join("grid"))
        .assert()
        .success();
    let grid = rows(&dir.path().join("grid/results.csv"));
    assert_eq!(grid.len(), 25);
    // The target is not idle: some grid point meets the lowest level but loses too many.
    assert!(
        grid.iter()
            .any(|g| num(g, "true_resolution_rate_mean") >= levels[0]
                && num(g, "abandonment_rate_mean") > 0.03),
        "the abandonment target excludes no grid point"
    );
    let front = rows(&dir.path().join("one/frontier.csv"));
    assert_eq!(front.len(), levels.len());
    for (row, &level) in front.iter().zip(&levels) {
        assert_eq!(num(row, "level"), level);
        let cheapest = grid
            .iter()
            .filter(|g| {
                num(g, "true_resolution_rate_mean") >= level
                    && num(g, "abandonment_rate_mean") <= 0.03
            })
            .map(|g| num(g, "cost_total_mean"))
            .fold(f64::INFINITY, f64::min);
        assert!(cheapest.is_finite(), "no grid point meets {level}");
        assert_eq!(row["status"], "feasible", "{row:?}");
        let cost = num(row, "cost_mean");
        assert!(
            cost <= cheapest,
            "level {level}: the frontier costs {cost}, the grid's cheapest feasible point {cheapest}"
        );
        assert!(num(row, "quality_mean") >= level, "{row:?}");
        assert_eq!(row["targets_met"], "true");
        // Fresh seed: met, or missed within the run's own interval.
        let (mean, lo, hi) = (
            num(row, "validation_quality_mean"),
            num(row, "validation_quality_ci_low"),
            num(row, "validation_quality_ci_high"),
        );
        assert!(
            mean >= level || (lo <= level && level <= hi),
            "level {level}: fresh seed {mean} [{lo}, {hi}]"
        );
        assert_eq!(row["validation_level_met"], (mean >= level).to_string());
        assert_eq!(row["validation_targets_met"], "true");
        // Both quality views are reported.
        assert!((1.0..=5.0).contains(&num(row, "csat_survey_mean")));
        assert_eq!(
            num(row, "true_resolution_rate_mean"),
            num(row, "quality_mean")
        );
    }
    let svg = std::fs::read_to_string(dir.path().join("one/plots/frontier.svg")).unwrap();
    assert!(svg.contains("csat_survey") && svg.contains("true_resolution_rate"));
}

/// A level no point of the box can meet (true resolution of 1) is reported infeasible from the
/// two ends of a one-key range, without a loop; with no level feasible the exit status is 3,
/// with one feasible it is 0.
#[test]
fn an_impossible_level_is_reported_infeasible() {
    let dir = tempfile::tempdir().unwrap();
    let desk = short_desk(dir.path());
    let out = dir.path().join("none");
    staffsim()
        .args(["frontier", desk.to_str().unwrap(), "--levels", "1.0"])
        .args(["--decide", ROSTER, "-q", "--out"])
        .arg(&out)
        .assert()
        .code(3);
    let r = rows(&out.join("frontier.csv"));
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["status"], "infeasible");
    assert_eq!(r[0]["evaluations"], "2");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("frontier.json")).unwrap()).unwrap();
    assert!(
        json["levels"][0]["note"]
            .as_str()
            .unwrap()
            .contains("neither end")
    );
    let out = dir.path().join("some");
    staffsim()
        .args(["frontier", desk.to_str().unwrap(), "--levels", "0.9,1.0"])
        .args(["--decide", ROSTER, "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let r = rows(&out.join("frontier.csv"));
    assert_eq!(
        (r[0]["status"].as_str(), r[1]["status"].as_str()),
        ("feasible", "infeasible")
    );
}

/// Two shards of a ladder no point of the box meets (true resolution of 99.99 % and of 1)
/// each exit with status 3, and so does `merge` of them, after writing the merged files and
/// the report: a job array's last step fails as the whole search would.
#[test]
fn merging_shards_with_no_feasible_level_exits_with_status_3() {
    let dir = tempfile::tempdir().unwrap();
    let desk = short_desk(dir.path());
    let mut parts = Vec::new();
    for s in ["1/2", "2/2"] {
        let out = dir.path().join(format!("part{}", &s[..1]));
        staffsim()
            .args(["frontier", desk.to_str().unwrap(), "--levels", "0.9999,1.0"])
            .args(["--decide", ROSTER, "--shard", s, "-q", "--out"])
            .arg(&out)
            .assert()
            .code(3);
        parts.push(out);
    }
    let merged = dir.path().join("merged");
    let a = staffsim()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&merged)
        .arg("--report")
        .assert()
        .code(3);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("infeasible: no level of true_resolution_rate"),
        "{err}"
    );
    let said = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(said.contains("merged 2 shards: 2 levels"), "{said}");
    assert_eq!(said.matches("infeasible: neither end").count(), 2, "{said}");
    let r = rows(&merged.join("frontier.csv"));
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|row| row["status"] == "infeasible"), "{r:?}");
    // The target's columns are there, empty: an infeasible level has no point to judge.
    assert_eq!(r[0]["abandonment_rate_met"], "");
    assert_eq!(r[0]["validation_abandonment_rate_met"], "");
    for f in ["frontier.json", "plots/frontier.svg", "report.html"] {
        assert!(merged.join(f).is_file(), "{f} is written");
    }
}

/// Each target of the scenario gets its own verdict at each level's best point and on the
/// fresh seed, from the judge `staffsim run` uses: in `frontier.json` (a target over the run
/// with its mean, interval and verdict; a target of every interval with the intervals it is
/// met in of those judged and the worst one's value), as `<measure>_met` and
/// `validation_<measure>_met` columns of `frontier.csv`, and as a mark per target on stdout;
/// `targets_hold` stays their conjunction.
#[test]
fn every_target_gets_its_own_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let desk = short_desk(dir.path());
    let text = std::fs::read_to_string(&desk).unwrap()
        + "\n[targets.interval]\nservice_level = { min = 0.2 }\n";
    std::fs::write(&desk, text).unwrap();
    let out = dir.path().join("front");
    let a = staffsim()
        .args(["frontier", desk.to_str().unwrap(), "--levels", "0.9,1.0"])
        .args(["--decide", ROSTER, "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    let r = rows(&out.join("frontier.csv"));
    assert_eq!(r[0]["status"], "feasible", "{r:?}");
    // Feasible: every target holds at the best point on the seed searched.
    assert_eq!(r[0]["abandonment_rate_met"], "true");
    assert_eq!(r[0]["service_level_met"], "true");
    let fresh = |row: &std::collections::HashMap<String, String>| {
        [
            row["validation_abandonment_rate_met"].clone(),
            row["validation_service_level_met"].clone(),
        ]
    };
    assert_eq!(
        r[0]["validation_targets_met"] == "true",
        fresh(&r[0]).iter().all(|m| m != "false"),
        "the fresh seed's targets_met is the conjunction: {:?}",
        r[0]
    );
    assert_eq!(fresh(&r[1]), ["", ""], "an infeasible level has no point");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("frontier.json")).unwrap()).unwrap();
    let level = &json["levels"][0];
    for (record, csv) in [
        (&level["best"], "abandonment_rate_met"),
        (
            &level["validation"]["outcome"],
            "validation_abandonment_rate_met",
        ),
    ] {
        let [run, interval] = record["targets"].as_array().unwrap().as_slice() else {
            panic!("two targets: {record}")
        };
        assert_eq!(
            (
                run["scope"].as_str(),
                run["measure"].as_str(),
                run["side"].as_str()
            ),
            (Some("run"), Some("abandonment_rate"), Some("max"))
        );
        assert_eq!(run["bound"], 0.03);
        let mean = run["mean"].as_f64().unwrap();
        let ci = run["ci95"].as_array().unwrap();
        assert!(ci[0].as_f64().unwrap() <= mean && mean <= ci[1].as_f64().unwrap());
        assert_eq!(run["met"].as_bool().unwrap(), mean <= 0.03);
        assert_eq!(run["met"].to_string(), r[0][csv]);
        assert_eq!(
            (interval["scope"].as_str(), interval["measure"].as_str()),
            (Some("interval"), Some("service_level"))
        );
        // 10 measured days of hourly intervals, judged where they had contacts.
        assert_eq!(interval["intervals"], 240);
        let judged = interval["intervals_judged"].as_u64().unwrap();
        assert!(judged > 0 && judged <= 240, "{interval}");
        let met = interval["intervals_met"].as_u64().unwrap();
        let worst = interval["worst_value"].as_f64().unwrap();
        assert_eq!(interval["met"].as_bool().unwrap(), met == judged);
        // On average: met in every judged interval exactly when the worst one meets it.
        assert_eq!(met == judged, worst >= 0.2, "{interval}");
        assert!(interval["worst_interval_start_seconds"].as_f64().unwrap() >= 2.0 * 86400.0);
        let all = record["targets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["met"] != false);
        assert_eq!(record["targets_hold"].as_bool().unwrap(), all);
    }
    // Every point tried carries its verdicts too.
    let tried = level["evaluations"].as_array().unwrap();
    assert!(
        tried
            .iter()
            .all(|e| e["targets"].as_array().unwrap().len() == 2)
    );
    // The terminal line marks each target on the fresh seed.
    let line = said.lines().find(|l| l.contains("level 0.9 ")).unwrap();
    assert!(
        line.contains("(abandonment_rate ") && line.contains(", service_level "),
        "{line}"
    );
    assert!(line.contains(" ✓") || line.contains(" ✗"), "{line}");
}

/// `--shard` searches its share of the levels and writes them; `merge` refuses parts that do
/// not make one search, naming what is wrong: a missing shard and its levels, a shard given
/// twice, a part of another scenario or with other options, a whole search among shards, a
/// level in the wrong shard, and a sweep's shard beside a frontier's. A shard alone gets no
/// report: merge first.
#[test]
fn a_shard_searches_its_levels_and_merge_checks_the_parts() {
    let dir = tempfile::tempdir().unwrap();
    let desk = short_desk(dir.path());
    let shard = |s: &str, out: &Path| {
        staffsim()
            .args([
                "frontier",
                desk.to_str().unwrap(),
                "--levels",
                "0.9,0.95,1.0",
            ])
            .args(["--decide", ROSTER, "--shard", s, "-q", "--out"])
            .arg(out)
            .assert()
            .success();
    };
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    shard("2/2", &two);
    let r = rows(&two.join("frontier.csv"));
    assert_eq!(r.len(), 1);
    assert_eq!(num(&r[0], "level"), 0.95);
    shard("1/2", &one);
    assert_eq!(rows(&one.join("frontier.csv")).len(), 2);

    let merge = |dirs: &[&Path]| {
        let a = staffsim()
            .arg("merge")
            .args(dirs)
            .arg("--out")
            .arg(dir.path().join("merged"))
            .assert()
            .code(2);
        String::from_utf8_lossy(&a.get_output().stderr).into_owned()
    };
    let err = merge(&[&one]);
    assert!(
        err.contains("missing shard(s) 2/2") && err.contains("missing level(s) 0.95"),
        "{err}"
    );
    let err = merge(&[&one, &one]);
    assert!(err.contains("shard 1/2 appears twice"), "{err}");

    // A copy of shard 2 with one thing changed in its frontier.json.
    let altered = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let to = dir.path().join(name);
        std::fs::create_dir_all(&to).unwrap();
        let mut json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(two.join("frontier.json")).unwrap()).unwrap();
        change(&mut json);
        std::fs::write(to.join("frontier.json"), json.to_string()).unwrap();
        seal(&to, "frontier");
        to
    };
    let other_seed = altered("seed", &|j| j["options"]["seed"] = 7.into());
    let err = merge(&[&one, &other_seed]);
    assert!(
        err.contains("another frontier search") && err.contains("options.seed"),
        "{err}"
    );
    let other_scenario = altered("scenario", &|j| j["scenario_sha256"] = "00".into());
    let err = merge(&[&one, &other_scenario]);
    assert!(err.contains("scenario_sha256"), "{err}");
    let whole = altered("whole", &|j| {
        j["options"]["shard"] = serde_json::Value::Null
    });
    let err = merge(&[&one, &whole]);
    assert!(err.contains("whole frontier search, not a shard"), "{err}");
    let stray = altered("stray", &|j| {
        j["levels"][0]["index"] = 2.into();
        j["levels"][0]["level"] = 1.0.into();
    });
    let err = merge(&[&one, &stray]);
    assert!(
        err.contains("level 1 (number 3 of the ladder) does not belong to shard 2/2"),
        "{err}"
    );
    let sweep = dir.path().join("sweep_shard");
    std::fs::create_dir_all(&sweep).unwrap();
    std::fs::write(sweep.join("manifest.json"), "{}").unwrap();
    let err = merge(&[&one, &sweep]);
    assert!(
        err.contains("cannot merge different kinds") && err.contains("manifest.json"),
        "{err}"
    );
    assert!(!dir.path().join("merged").exists());

    let a = staffsim().arg("report").arg(&one).assert().code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("shard 1/2") && err.contains("staffsim merge"),
        "{err}"
    );
}

/// Each flag's bad value is refused with exit status 2 and a message that says why, before
/// anything is simulated.
#[test]
fn bad_frontier_input_exits_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let desk = short_desk(dir.path());
    let desk = desk.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--quality", "offered"], "not a quality"),
        (&["--quality", "nonsense"], "unknown measure"),
        (&["--cost", "nonsense"], "unknown measure"),
        (&["--levels", "0.99,0.9"], "must increase"),
        (&["--levels", "0.9:0.99"], "FROM:TO:STEP"),
        (&["--levels", "0.9,x"], "not a number"),
        (&["--levels", "1.5"], "outside the range"),
        (
            &["--decide", "pools.chat_agents.staffing_scale"],
            "PATH=LO:HI",
        ),
        (
            &["--decide", "pools.chat_agents.staffing_scale=1.4:0.6"],
            "below HI",
        ),
        (
            &["--decide", "pools.chat_agents.staffing_scale=0.6:1.4:0"],
            "STEP",
        ),
        (
            &["--decide", "pools.nobody.staffing_scale=0.6:1.4"],
            "no pools named",
        ),
        (
            &["--decide", "pools.chat_agents.agents=1:4"],
            "not a number",
        ),
        (
            &["--decide", "intents.order_status.ai.containment=0.5:1.5"],
            "containment",
        ),
        (&["--validation-seed", "2024"], "must differ"),
        (&["--shard", "3/2"], "shard"),
        (&["--shard", "3/3"], "has none of the 1 levels"),
        (
            &["--decide", CONTAINMENT, "--max-evaluations", "5"],
            "max-evaluations",
        ),
    ];
    for (flags, needle) in cases {
        let mut args = vec!["frontier", desk];
        if !flags.contains(&"--levels") {
            args.extend(["--levels", "0.95"]);
        }
        args.extend(flags.iter().copied());
        if !flags.contains(&"--decide") || flags.contains(&CONTAINMENT) {
            args.extend(["--decide", ROSTER]);
        }
        args.extend(["-q", "--out"]);
        let out = dir.path().join("bad");
        let a = staffsim().args(&args).arg(&out).assert().code(2);
        let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(err.contains(needle), "{flags:?}: {err}");
    }
    assert!(!dir.path().join("bad").exists());
}
