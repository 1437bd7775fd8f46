//! The progress line of a long qualification run: every 5 % from
//! `PROGRESS_FROM` leads up, so a large import shows it is alive.

/// Below this many leads the run is quick and prints no progress.
pub const PROGRESS_FROM: usize = 20_000;

/// The line to show before lead `i` of `total`, and the last one at
/// `i == total`; `None` where nothing changes.
pub fn line(i: usize, total: usize) -> Option<String> {
    if total < PROGRESS_FROM || i > total {
        return None;
    }
    if i == total {
        return Some(format!("qualifying {total}/{total} (100%)"));
    }
    let step = (total / 20).max(1);
    i.is_multiple_of(step)
        .then(|| format!("qualifying {i}/{total} ({}%)", i * 100 / total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_below_the_threshold() {
        let total = PROGRESS_FROM - 1;
        assert!((0..=total).all(|i| line(i, total).is_none()));
    }

    #[test]
    fn every_five_percent_above_it() {
        let total = 26_400;
        let lines: Vec<String> = (0..=total).filter_map(|i| line(i, total)).collect();
        assert_eq!(lines.len(), 21, "{lines:?}");
        assert_eq!(lines[0], "qualifying 0/26400 (0%)");
        assert_eq!(lines[1], "qualifying 1320/26400 (5%)");
        assert_eq!(lines[19], "qualifying 25080/26400 (95%)");
        assert_eq!(lines[20], "qualifying 26400/26400 (100%)");
    }

    #[test]
    fn ends_at_one_hundred_when_the_steps_do_not_divide() {
        let total = 20_005;
        let lines: Vec<String> = (0..=total).filter_map(|i| line(i, total)).collect();
        assert_eq!(
            lines.last().map(String::as_str),
            Some("qualifying 20005/20005 (100%)")
        );
        assert!(lines.len() <= 23, "{}", lines.len());
    }
}
