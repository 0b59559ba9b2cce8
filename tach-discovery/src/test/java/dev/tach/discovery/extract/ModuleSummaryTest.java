package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.discovery.PythonParsing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ModuleSummarizer} keeps of a file, and that it survives a JSON cache. */
class ModuleSummaryTest {

  private static final String SOURCE =
      """
      '''Module doc.'''
      import os.path
      import numpy as np
      from . import sibling
      from ..up import thing as other
      from .deep.er import *
      from pytest import fixture, mark, param
      import pytest as pt

      PARAMS = [1, 2.5, "x", b"y", None, (1, -2j)]
      A = B = {"k": [i for i in range(3) if i]}
      first, second = 1, 2
      PARAMS += [3]
      pytest_plugins = ["a.plugin"]
      np_mod = pt.importorskip("numpy", minversion="1.0")
      if os.environ.get("X"):
          pt.importorskip("guarded")
          pt.skip("maybe", allow_module_level=True)

      @mark.parametrize("x", PARAMS, ids=lambda v: f"{v!r:>3}")
      @fixture(scope="module")
      async def func(a, /, b, *args, c, d=1, **kw):
          '''Doc.'''
          import json
          yield

      class TestThing(Base, metaclass=Meta):
          __test__ = True
          pytestmark = [mark.slow]
          def __init__(self):
              pass
          class Inner:
              pass
      TestThing.__test__ = False

      for i in range(3):
          def test_in_loop():
              pass
      globals()["test_dyn"] = lambda: None
      """;

  private static ModuleSummary summary() {
    return ModuleSummarizer.summarize(SOURCE, "pkg/sub/mod.py", "pkg.sub.mod", false);
  }

  @Test
  void summaryRoundTripsThroughJackson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ModuleSummary summary = summary();
    String json = mapper.writeValueAsString(summary);
    assertThat(mapper.readValue(json, ModuleSummary.class)).isEqualTo(summary);
  }

  @Test
  void syntaxErrorSummaryRoundTripsThroughJackson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ModuleSummary summary =
        ModuleSummarizer.summarize(PythonParsing.parse("def f(:\n", "bad.py"), "bad", false);
    assertThat(summary.syntaxError()).isNotNull();
    assertThat(mapper.readValue(mapper.writeValueAsString(summary), ModuleSummary.class))
        .isEqualTo(summary);
  }

  @Test
  void relativeImportsResolveAgainstThePackage() {
    assertThat(summary().imports())
        .extracting(ModuleSummary.ImportStatement::module)
        .containsExactly(
            "os.path", "numpy", "pkg.sub", "pkg.up", "pkg.sub.deep.er", "pytest", "pytest", "json");
    ModuleSummary init =
        ModuleSummarizer.summarize("from . import a\nfrom .. import b\n", "p/q/__init__.py", "p.q", true);
    assertThat(init.imports()).extracting(ModuleSummary.ImportStatement::module)
        .containsExactly("p.q", "p");
    ModuleSummary top = ModuleSummarizer.summarize("from .. import x\n", "m.py", "m", false);
    assertThat(top.imports().get(0).resolved()).isFalse();
  }

  @Test
  void importsBindNamesAsPythonDoes() {
    List<Binding> bindings = summary().namespace().bindings();
    assertThat(bindings)
        .filteredOn(b -> b.kind() == Binding.Kind.IMPORT || b.kind() == Binding.Kind.FROM_IMPORT
            || b.kind() == Binding.Kind.STAR_IMPORT)
        .extracting(b -> b.name() + "=" + b.module() + (b.attribute() == null ? "" : ":" + b.attribute()))
        .containsExactly(
            "os=os",
            "np=numpy",
            "sibling=pkg.sub:sibling",
            "other=pkg.up:thing",
            "*=pkg.sub.deep.er",
            "fixture=pytest:fixture",
            "mark=pytest:mark",
            "param=pytest:param",
            "pt=pytest");
  }

  @Test
  void assignmentsKeepTheirExpressions() {
    List<Binding> bindings = summary().namespace().bindings();
    assertThat(bindings).filteredOn(b -> b.kind() == Binding.Kind.ASSIGN)
        .extracting(Binding::name)
        .containsExactly("PARAMS", "A", "B", "first", "second", "PARAMS", "pytest_plugins", "np_mod");
    Binding augmented = bindings.stream().filter(b -> b.name().equals("PARAMS")).skip(1).findFirst().orElseThrow();
    assertThat(augmented.value()).isInstanceOf(PyExpr.Binary.class);
    Binding loop = bindings.stream().filter(b -> b.name().equals("test_in_loop")).findFirst().orElseThrow();
    assertThat(loop.flow()).isEqualTo(Binding.Flow.LOOP);
  }

  @Test
  void importOrSkipAndModuleSkipsAreFoundWithTheirGuards() {
    ModuleSummary summary = summary();
    assertThat(summary.importOrSkips())
        .extracting(c -> c.module() + "/" + c.minVersion() + "/" + c.guarded())
        .containsExactly("numpy/1.0/false", "guarded/null/true");
    assertThat(summary.skips()).singleElement().satisfies(s -> {
      assertThat(s.guarded()).isTrue();
      assertThat(s.reason()).isEqualTo("\"maybe\"");
    });
    assertThat(summary.notes()).extracting(ModuleSummary.Note::reason)
        .anyMatch(r -> r.contains("globals()"));
  }

  @Test
  void onlyDecoratedFunctionsKeepTheirDocstringsToKeepTheCacheSmall() {
    ModuleSummary plain =
        ModuleSummarizer.summarize(
            "def helper():\n    '''A long story.'''\n\nclass C:\n    '''Class doc.'''\n",
            "m.py", "m", false);
    assertThat(plain.namespace().functions().get(0).docstring()).isNull();
    assertThat(plain.namespace().classes().get(0).docstring()).isNull();
  }

  @Test
  void functionsKeepDecoratorsParametersAndDocstrings() {
    FunctionSummary function = summary().namespace().functions().get(0);
    assertThat(function.name()).isEqualTo("func");
    assertThat(function.async()).isTrue();
    assertThat(function.generator()).isTrue();
    assertThat(function.docstring()).isEqualTo("Doc.");
    assertThat(function.decorators()).extracting(Decorator::source)
        .containsExactly(
            "mark.parametrize(\"x\", PARAMS, ids=lambda v: f\"{v!r:>3}\")", "fixture(scope=\"module\")");
    assertThat(function.parameters())
        .extracting(p -> p.name() + ":" + p.kind() + (p.hasDefault() ? "=" : ""))
        .containsExactly(
            "a:POSITIONAL_ONLY",
            "b:POSITIONAL_OR_KEYWORD",
            "args:VAR_POSITIONAL",
            "c:KEYWORD_ONLY",
            "d:KEYWORD_ONLY=",
            "kw:VAR_KEYWORD");
  }

  @Test
  void classesKeepBasesBodyAndAttributeAssignments() {
    ClassSummary klass = summary().namespace().classes().get(0);
    assertThat(klass.bases()).extracting(PyExpr.Argument::source).containsExactly("Base", "Meta");
    assertThat(klass.bases().get(1).keyword()).isEqualTo("metaclass");
    assertThat(klass.binds("__init__")).isTrue();
    assertThat(klass.binds("pytestmark")).isTrue();
    assertThat(klass.namespace().classes()).extracting(ClassSummary::name).containsExactly("Inner");
    assertThat(summary().namespace().attributeAssignments())
        .singleElement()
        .satisfies(a -> assertThat(a.target() + "." + a.attribute()).isEqualTo("TestThing.__test__"));
  }

  @Test
  void hugeDataBecomesOpaqueInsteadOfBloatingTheSummary() {
    StringBuilder source = new StringBuilder("DATA = [");
    for (int i = 0; i < 30_000; i++) {
      source.append(i).append(", ");
    }
    source.append("]\n");
    ModuleSummary summary = ModuleSummarizer.summarize(source.toString(), "m.py", "m", false);
    assertThat(summary.namespace().bindings().get(0).value()).isInstanceOf(PyExpr.Opaque.class);
  }

  @Test
  void moduleNamesFollowInitFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path tests = java.nio.file.Files.createDirectories(dir.resolve("top/pkg/tests"));
    java.nio.file.Files.writeString(dir.resolve("top/pkg/__init__.py"), "");
    java.nio.file.Files.writeString(tests.resolve("__init__.py"), "");
    assertThat(ModuleSummarizer.moduleName(tests.resolve("test_a.py"))).isEqualTo("pkg.tests.test_a");
    assertThat(ModuleSummarizer.moduleName(tests.resolve("__init__.py"))).isEqualTo("pkg.tests");
    assertThat(ModuleSummarizer.moduleName(dir.resolve("top/test_b.py"))).isEqualTo("test_b");
  }
}
