use bantin_server::config::{Command, Config, USAGE};

#[tokio::main]
async fn main() {
    let command = match Config::parse(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bantin-server: {e}");
            std::process::exit(2);
        }
    };
    match command {
        Command::Help => print!("{USAGE}"),
        Command::Version => println!("bantin-server {}", env!("CARGO_PKG_VERSION")),
        Command::Run(config) => {
            if let Err(e) = bantin_server::app::run(*config).await {
                eprintln!("bantin-server: {e}");
                std::process::exit(1);
            }
        }
    }
}
