package dev.tach.discovery.extract;

/** A {@link ModuleSummary} being linked, with its rootdir-relative path and its body's view. */
final class ModuleView {
  private final String path;
  private final ModuleSummary summary;
  private final NamespaceView namespace;

  ModuleView(String path, ModuleSummary summary) {
    this.path = path;
    this.summary = summary;
    this.namespace = new NamespaceView(this, null, summary.namespace());
  }

  String path() {
    return path;
  }

  String moduleName() {
    return summary.moduleName();
  }

  ModuleSummary summary() {
    return summary;
  }

  NamespaceView namespace() {
    return namespace;
  }
}
