/**
 * The {@code tach} command and the composition root: parses the command line and
 * {@code pyproject.toml}, finds the interpreter, unpacks the harness, loads plugins with
 * ServiceLoader and wires the engine with Guice.
 */
module dev.tach.cli {
  requires transitive dev.tach.api;
  requires dev.tach.scheduler;
  requires dev.tach.discovery;
  requires dev.tach.resolver;
  // tach doctor's kernel probes; a run never loads its classes (jnr-ffi is slow to start).
  requires dev.tach.platform;
  requires com.google.guice;
  requires jakarta.inject;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;

  exports dev.tach.cli;

  // picocli reflects on the command; Guice injects into the internals.
  opens dev.tach.cli to info.picocli, com.google.guice;
  opens dev.tach.cli.internal to com.google.guice;

  uses dev.tach.api.spi.ReporterProvider;
  uses dev.tach.api.spi.IsolationStrategy;
  uses dev.tach.api.spi.SandboxBackend;

  provides dev.tach.api.Launcher with dev.tach.cli.TachLauncher;
}
