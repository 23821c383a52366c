//! The `reframe` binary: everything lives in [`reframe::cli`]; this only maps the outcome to
//! an exit code.

fn main() -> std::process::ExitCode {
    reframe::cli::main()
}
