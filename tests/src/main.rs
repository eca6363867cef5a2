//! `sesame-local`: the whole product on this machine. Starts the emulator,
//! provisions it from the template, seeds the demo organisation, serves
//! every route on http://127.0.0.1:<port>; Ctrl-C stops everything.

use sesame_tests::emulator::Emulator;
use sesame_tests::stack::LocalRun;
use std::net::SocketAddr;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `sesame-local openapi [FILE]`: the OpenAPI document generated from the
    // operation registry (the portal's typed client is generated from it).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("openapi") {
        let doc = serde_json::to_string_pretty(&sesame::http::openapi::document())?;
        match args.get(1) {
            Some(file) => std::fs::write(file, doc + "\n")?,
            None => println!("{doc}"),
        }
        return Ok(());
    }
    sesame::telemetry::init();
    let port: u16 = std::env::var("SESAME_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let mut emulator = match Emulator::from_env() {
        Some(e) => e,
        None => {
            eprintln!("Starting the AWS emulator (moto server)…");
            Emulator::start().await?
        }
    };
    let suffix = format!("local{}", std::process::id());
    let run = match LocalRun::start(
        &emulator.url,
        SocketAddr::from(([127, 0, 0, 1], port)),
        &suffix,
    )
    .await
    {
        Ok(run) => run,
        Err(e) => {
            emulator.stop().await;
            return Err(e.into());
        }
    };
    if let Err(e) = sesame_tests::seed::seed_demo_employee(&run.ctx).await {
        eprintln!("seeding the demo employee failed: {e}");
    }
    let d = &run.demo;
    println!();
    println!("Sésame is running at {}", run.base_url);
    match sesame_tests::server::portal_dir() {
        Some(_) => println!("  Portal          : {}/", run.base_url),
        None => println!("  Portal          : not built (scripts/portal.sh build)"),
    }
    println!("  Routes          : {}/_routes", run.base_url);
    println!("  API description : {}/openapi.json", run.base_url);
    println!("  Sent emails     : {}/_outbox", run.base_url);
    println!("  AWS emulator    : {}", emulator.url);
    println!();
    println!("Demo organisation «{}» (id {})", d.org_name, d.org_id);
    for (id, name) in &d.establishments {
        println!("  establishment {name}: {id}");
    }
    println!("Sign in as its manager:");
    println!("  email    : {}", d.manager_email);
    println!("  password : {}", d.manager_password);
    println!(
        "An employee (every employee-space feature is on): {} , same password",
        sesame_tests::seed::DEMO_EMPLOYEE_EMAIL
    );
    println!(
        "(the platform operator signs in as {} with the same password)",
        sesame_tests::seed::DEMO_OPERATOR_EMAIL
    );
    println!();
    println!(
        "  curl -s -X POST {}/sessions -H 'content-type: application/json' -d '{{\"email\":\"{}\",\"password\":\"{}\"}}'",
        run.base_url, d.manager_email, d.manager_password
    );
    println!();
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    println!("Stopping…");
    drop(run);
    emulator.stop().await;
    Ok(())
}
