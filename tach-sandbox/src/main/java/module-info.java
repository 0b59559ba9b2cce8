/** The built-in sandbox backends: {@code landlock-seccomp}, {@code namespaces}, {@code degraded}. */
module dev.tach.sandbox {
  requires transitive dev.tach.api;

  exports dev.tach.sandbox;

  provides dev.tach.api.spi.SandboxBackend with
      dev.tach.sandbox.LandlockSeccompBackend,
      dev.tach.sandbox.NamespacesBackend,
      dev.tach.sandbox.DegradedBackend;
}
