package dev.tach.discovery.extract;

import java.util.List;

/**
 * A class of a project module with the context needed to read its body: its module, its
 * qualified name, and where its (outermost enclosing) class statement sits in the module body.
 */
final class ClassScope {
  private final ModuleView module;
  private final ClassSummary summary;
  private final String qualname;
  private final int modulePosition;
  private final Scope definedIn;
  private final NamespaceView namespace;
  private ClassModel model;

  ClassScope(ModuleView module, ClassSummary summary, Scope definedIn, int bindingIndex) {
    this.module = module;
    this.summary = summary;
    this.definedIn = definedIn;
    this.qualname =
        definedIn.owner() == null
            ? summary.name()
            : definedIn.owner().qualname() + "." + summary.name();
    this.modulePosition = definedIn.owner() == null ? bindingIndex : definedIn.modulePosition();
    this.namespace = new NamespaceView(module, this, summary.namespace());
  }

  ModuleView module() {
    return module;
  }

  ClassSummary summary() {
    return summary;
  }

  String name() {
    return summary.name();
  }

  String qualname() {
    return qualname;
  }

  /** {@code module.qualname}. */
  String fullName() {
    return module.moduleName() + "." + qualname;
  }

  int modulePosition() {
    return modulePosition;
  }

  /** The scope the class statement runs in (for its bases and decorators). */
  Scope definedIn() {
    return definedIn;
  }

  NamespaceView namespace() {
    return namespace;
  }

  List<Decorator> decorators() {
    return summary.decorators();
  }

  /** The analysed class (MRO, marks), computed once. */
  ClassModel model(LinkContext context) {
    if (model == null) {
      model = ClassModel.of(this, context);
    }
    return model;
  }
}
