//! `demo-gen`: write bantin's demo / benchmark JSON Feed pages. See `--help`.

use demo_gen::{generate, write_pages, Options};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
demo-gen: writes a paginated JSON Feed 1.1 (feed.json, feed-2.json, …) from bantin's seed articles
plus a deterministic generated corpus of Vietnamese local news.

usage: demo-gen [--items N] [--per-page P] [--out DIR] [--base-name NAME]
                [--seeds DIR] [--img-base URL] [--title TEXT] [--seed U64] [--compact]

  --items N         total items, the two seed articles included      (default 60)
  --per-page P      items per page file                              (default 20)
  --out DIR         output directory                                 (default <repo>/demo)
  --base-name NAME  page 1 is NAME.json, page n is NAME-n.json       (default feed)
  --seeds DIR       directory holding kien-thuy.txt and kim-bang.txt (default <repo>/demo/seeds)
  --img-base URL    prefix of illustration URLs, relative to the feed file (default img/);
                    e.g. ../../demo/img/ for a feed written to bench/out/
  --title TEXT      feed title                                       (default Bản tin Kiến Thụy)
  --seed U64        PRNG seed of the generated corpus                (default fixed)
  --compact         no indentation (smaller files for benchmarks)

<repo> is the workspace this binary was built from; relative paths given on the command line are
relative to the current directory. The same arguments always produce the same bytes.
";

fn repo_root() -> PathBuf {
    // tools/demo-gen → the workspace root
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

struct Cli {
    opts: Options,
    out: PathBuf,
    seeds: PathBuf,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Cli>, String> {
    let mut opts = Options::default();
    let mut out = repo_root().join("demo");
    let mut seeds = repo_root().join("demo/seeds");
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        // accept both "--flag value" and "--flag=value"
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--items" => opts.items = parse_num(&value("--items")?, "--items")?,
            "--per-page" => opts.per_page = parse_num(&value("--per-page")?, "--per-page")?,
            "--out" => out = PathBuf::from(value("--out")?),
            "--base-name" => opts.base_name = value("--base-name")?,
            "--seeds" => seeds = PathBuf::from(value("--seeds")?),
            "--img-base" => opts.img_base = value("--img-base")?,
            "--title" => opts.title = value("--title")?,
            "--seed" => opts.seed = parse_num(&value("--seed")?, "--seed")?,
            "--compact" => opts.compact = true,
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    opts.validate()?;
    Ok(Some(Cli { opts, out, seeds }))
}

fn parse_num<T: std::str::FromStr>(s: &str, name: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{name}: not a valid number: {s:?}"))
}

fn main() -> ExitCode {
    let cli = match parse_args(std::env::args().skip(1)) {
        Ok(Some(cli)) => cli,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("demo-gen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result =
        generate(&cli.seeds, &cli.opts).and_then(|pages| write_pages(&cli.out, &pages, &cli.opts));
    match result {
        Ok(paths) => {
            let bytes: u64 = paths
                .iter()
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum();
            println!(
                "demo-gen: {} items in {} page(s), {} bytes → {}",
                cli.opts.items,
                paths.len(),
                bytes,
                cli.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("demo-gen: error: {e}");
            ExitCode::FAILURE
        }
    }
}
