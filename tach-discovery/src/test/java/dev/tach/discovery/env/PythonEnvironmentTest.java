package dev.tach.discovery.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake CPython installations on disk, read without any interpreter. */
class PythonEnvironmentTest {

  @TempDir Path dir;

  private static final String DYNLOAD_SO = "_ssl.cpython-311-x86_64-linux-gnu.so";

  private Path base;
  private Path site;

  private Path touch(Path file) throws IOException {
    return write(file, "");
  }

  private Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** {@code base/bin/python3.11}, its stdlib, lib-dynload, headers and site-packages. */
  private Path install() throws IOException {
    base = dir.resolve("py");
    Path stdlib = base.resolve("lib/python3.11");
    touch(stdlib.resolve("os.py"));
    touch(stdlib.resolve("site.py"));
    touch(stdlib.resolve("string.py"));
    touch(stdlib.resolve("json/__init__.py"));
    touch(stdlib.resolve("json/decoder.py"));
    touch(stdlib.resolve("lib-dynload").resolve(DYNLOAD_SO));
    write(base.resolve("include/python3.11/patchlevel.h"), "#define PY_VERSION \"3.11.9+\"\n");
    site = Files.createDirectories(stdlib.resolve("site-packages"));
    return touch(base.resolve("bin/python3.11"));
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.resolve("home").toString());
    return env;
  }

  private PythonEnvironment read(Path interpreter) {
    return PythonEnvironment.read(interpreter, env(), dir);
  }

  @Test
  void versionComesFromTheExecutableNameAndThePatchlevelHeader() throws IOException {
    PythonEnvironment env = read(install());
    assertThat(env.version()).isEqualTo(new PythonVersion(3, 11, OptionalInt.of(9)));
    assertThat(env.prefix()).isEqualTo(base);
    assertThat(env.stdlib()).isEqualTo(base.resolve("lib/python3.11"));
    assertThat(env.isVirtualEnvironment()).isFalse();
  }

  @Test
  void versionComesFromTheOnlyStandardLibraryWhenTheNameSaysNothing() throws IOException {
    install();
    Path python = touch(base.resolve("bin/python"));
    assertThat(read(python).version().majorMinor()).isEqualTo("3.11");
  }

  @Test
  void symlinkedExecutableIsFollowedToItsInstallation() throws IOException {
    Path real = install();
    Path link = Files.createDirectories(dir.resolve("usr/bin")).resolve("python3");
    Files.createSymbolicLink(link, real);
    assertThat(read(link).basePrefix()).isEqualTo(base);
  }

  @Test
  void missingInterpreterOrStandardLibraryIsE005() throws IOException {
    assertThatThrownBy(() -> read(dir.resolve("nope/python3")))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E005))
        .hasMessageContaining("not found");
    Path lonely = touch(dir.resolve("lonely/bin/python3.99"));
    assertThatThrownBy(() -> read(lonely))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E005))
        .hasMessageContaining("cannot find the standard library (lib/python3.99/os.py)");
  }

  @Test
  void sysPathIsPythonpathThenStandardLibraryThenSitePackagesAndPthPaths() throws IOException {
    Path python = install();
    Path extra = Files.createDirectories(dir.resolve("extra"));
    Path fromPth = Files.createDirectories(dir.resolve("from_pth"));
    write(site.resolve("b.pth"), "# comment\n\n" + fromPth + "\nmissing_dir\n../../../../extra\n");
    write(site.resolve("a.pth"), "relative\n");
    Files.createDirectories(site.resolve("relative"));
    Map<String, String> env = env();
    env.put("PYTHONPATH", "pp:" + extra);
    PythonEnvironment environment = PythonEnvironment.read(python, env, dir);
    assertThat(environment.sysPath())
        .containsExactly(
            dir.resolve("pp"),
            extra,
            base.resolve("lib/python311.zip"),
            base.resolve("lib/python3.11"),
            base.resolve("lib/python3.11/lib-dynload"),
            site,
            site.resolve("relative"),
            fromPth);
    assertThat(environment.pthFiles())
        .extracting(p -> p.file().getFileName().toString())
        .containsExactly("a.pth", "b.pth");
    assertThat(environment.isPartlyDynamic()).isFalse();
  }

  @Test
  void userSiteComesBeforeSitePackagesWhenItExistsAndIsNotDisabled() throws IOException {
    Path python = install();
    Path user = Files.createDirectories(dir.resolve("home/.local/lib/python3.11/site-packages"));
    assertThat(read(python).sysPath()).containsSubsequence(user, site);
    assertThat(read(python).userSite()).contains(user);
    Map<String, String> env = env();
    env.put("PYTHONNOUSERSITE", "1");
    assertThat(PythonEnvironment.read(python, env, dir).sysPath()).doesNotContain(user);
  }

  @Test
  void venvWithoutSystemSitePackagesSeesOnlyItsOwn() throws IOException {
    install();
    Files.createDirectories(dir.resolve("home/.local/lib/python3.11/site-packages"));
    Path venv = dir.resolve("venv");
    write(
        venv.resolve("pyvenv.cfg"),
        "home = "
            + base.resolve("bin")
            + "\ninclude-system-site-packages = false\nversion = 3.11.4\n");
    Path venvSite = Files.createDirectories(venv.resolve("lib/python3.11/site-packages"));
    Path python = touch(venv.resolve("bin/python"));
    PythonEnvironment env = read(python);
    assertThat(env.isVirtualEnvironment()).isTrue();
    assertThat(env.version()).isEqualTo(new PythonVersion(3, 11, OptionalInt.of(4)));
    assertThat(env.prefix()).isEqualTo(venv);
    assertThat(env.basePrefix()).isEqualTo(base);
    assertThat(env.sitePackages()).containsExactly(venvSite);
    assertThat(env.userSite()).isEmpty();
    assertThat(env.sysPath()).endsWith(venvSite).doesNotContain(site);
  }

  @Test
  void venvWithSystemSitePackagesPutsItsOwnFirstThenUserSiteThenTheBase() throws IOException {
    install();
    Path user = Files.createDirectories(dir.resolve("home/.local/lib/python3.11/site-packages"));
    Path venv = dir.resolve("venv");
    write(
        venv.resolve("pyvenv.cfg"),
        "home = "
            + base.resolve("bin")
            + "\ninclude-system-site-packages = true\n"
            + "version_info = 3.11.8.final.0\n");
    Path venvSite = Files.createDirectories(venv.resolve("lib/python3.11/site-packages"));
    PythonEnvironment env = read(touch(venv.resolve("bin/python")));
    assertThat(env.version().toString()).isEqualTo("3.11.8");
    assertThat(env.sysPath()).endsWith(venvSite, user, site);
  }

  @Test
  void modulesPackagesNamespacesAndExtensionsAreImportable() throws IOException {
    Path python = install();
    touch(site.resolve("pkg/__init__.py"));
    touch(site.resolve("pkg/sub/__init__.py"));
    touch(site.resolve("pkg/sub/leaf.py"));
    touch(site.resolve("mod.py"));
    touch(site.resolve("ns/portion.py"));
    touch(site.resolve("fast.cpython-311-x86_64-linux-gnu.so"));
    touch(site.resolve("stable.abi3.so"));
    touch(site.resolve("compiled.pyc"));
    touch(site.resolve("wrong.cpython-312-x86_64-linux-gnu.so"));
    Files.createDirectories(site.resolve("notafile.py"));
    PythonEnvironment env = read(python);
    assertThat(env.extensionSuffixes())
        .containsExactly(".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so");
    for (String yes :
        List.of(
            "os",
            "json",
            "json.decoder",
            "pkg",
            "pkg.sub",
            "pkg.sub.leaf",
            "mod",
            "ns",
            "ns.portion",
            "fast",
            "stable",
            "compiled",
            "_ssl",
            "sys",
            "builtins",
            "posix",
            "os.path",
            "_frozen_importlib")) {
      assertThat(env.isImportable(yes)).as(yes).isEqualTo(Importability.YES);
    }
    for (String no :
        List.of(
            "missing",
            "pkg.missing",
            "pkg.sub.leaf.deeper",
            "mod.x",
            "ns.missing",
            "wrong",
            "notafile",
            "sys.x",
            "string.x",
            "",
            ".relative",
            "a..b")) {
      assertThat(env.isImportable(no)).as(no).isEqualTo(Importability.NO);
    }
    assertThat(env.findSpec("ns", List.of()).orElseThrow().kind())
        .isEqualTo(ModuleSpec.Kind.NAMESPACE_PACKAGE);
    assertThat(env.findSpec("fast", List.of()).orElseThrow().kind())
        .isEqualTo(ModuleSpec.Kind.EXTENSION);
  }

  @Test
  void namespacePortionsSpanEntriesAndAModuleLaterOnThePathWins() throws IOException {
    Path python = install();
    Path one = touch(dir.resolve("one/shared/a.py")).getParent().getParent();
    Path two = touch(dir.resolve("two/shared/b.py")).getParent().getParent();
    Files.createDirectories(one.resolve("shadow"));
    touch(two.resolve("shadow.py"));
    Map<String, String> env = env();
    env.put("PYTHONPATH", one + ":" + two);
    PythonEnvironment environment = PythonEnvironment.read(python, env, dir);
    assertThat(environment.findSpec("shared", List.of()).orElseThrow().searchLocations())
        .containsExactly(one.resolve("shared"), two.resolve("shared"));
    assertThat(environment.isImportable("shared.b")).isEqualTo(Importability.YES);
    assertThat(environment.findSpec("shadow", List.of()).orElseThrow().kind())
        .isEqualTo(ModuleSpec.Kind.SOURCE);
  }

  @Test
  void codeThatCouldAddModulesMakesMissingOnesUnknown() throws IOException {
    Path python = install();
    write(site.resolve("pathhack/__init__.py"), "__path__.append('/elsewhere')\n");
    write(site.resolve("fakes.py"), "import sys\nsys.modules['fakes.sub'] = sys\n");
    PythonEnvironment clean = read(python);
    assertThat(clean.isImportable("pathhack.x")).isEqualTo(Importability.UNKNOWN);
    assertThat(clean.isImportable("fakes.sub")).isEqualTo(Importability.UNKNOWN);
    assertThat(clean.isImportable("missing")).isEqualTo(Importability.NO);

    write(site.resolve("zz-hook.pth"), "import sys; sys.meta_path.append(object())\n");
    PythonEnvironment dynamic = read(python);
    assertThat(dynamic.isPartlyDynamic()).isTrue();
    assertThat(dynamic.dynamicHooks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.onlyModules()).isEmpty();
              assertThat(h.source()).isEqualTo(site.resolve("zz-hook.pth"));
            });
    assertThat(dynamic.isImportable("missing")).isEqualTo(Importability.UNKNOWN);
    assertThat(dynamic.isImportable("os")).isEqualTo(Importability.YES);
  }

  @Test
  void setuptoolsEditableFinderMappingIsReadAsPackageRoots() throws IOException {
    Path python = install();
    Path src = dir.resolve("project/src");
    touch(src.resolve("edpkg/__init__.py"));
    touch(src.resolve("edpkg/core.py"));
    touch(src.resolve("single.py"));
    write(
        site.resolve("__editable__.edpkg-1.0.pth"),
        "import __editable___edpkg_1_0_finder; __editable___edpkg_1_0_finder.install()\n");
    write(
        site.resolve("__editable___edpkg_1_0_finder.py"),
        "import sys\nMAPPING: dict[str, str] = {'edpkg': '"
            + src.resolve("edpkg")
            + "', \"single\": '"
            + src.resolve("single.py")
            + "'}\n"
            + "NAMESPACES: dict[str, list[str]] = {'edns': ['"
            + src.resolve("edns")
            + "']}\n"
            + "PATH_PLACEHOLDER = '__editable__.edpkg-1.0.finder' + \".__path_hook__\"\n");
    PythonEnvironment env = read(python);
    assertThat(env.isPartlyDynamic()).isFalse();
    assertThat(env.dynamicHooks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.resolved()).isTrue();
              assertThat(h.onlyModules()).contains(java.util.Set.of("edpkg", "single", "edns"));
            });
    assertThat(env.findModuleFile("edpkg.core", List.of())).contains(src.resolve("edpkg/core.py"));
    assertThat(env.findModuleFile("single", List.of())).contains(src.resolve("single.py"));
    assertThat(env.isImportable("edns")).isEqualTo(Importability.YES);
    assertThat(env.isImportable("edpkg.missing")).isEqualTo(Importability.NO);
  }

  @Test
  void findModuleFileSearchesExtraRootsBeforeSysPath() throws IOException {
    Path python = install();
    touch(site.resolve("helpers.py"));
    Path root = touch(dir.resolve("project/helpers.py")).getParent();
    touch(dir.resolve("project/pkg/__init__.py"));
    PythonEnvironment env = read(python);
    assertThat(env.findModuleFile("helpers", List.of())).contains(site.resolve("helpers.py"));
    assertThat(env.findModuleFile("helpers", List.of(root))).contains(root.resolve("helpers.py"));
    assertThat(env.findModuleFile("pkg", List.of(root))).contains(root.resolve("pkg/__init__.py"));
    assertThat(env.findModuleFile("_ssl", List.of())).isEmpty();
  }

  @Test
  void distributionVersionsComeFromMetadataWithNormalizedNames() throws IOException {
    Path python = install();
    write(
        site.resolve("pytest-8.3.1.dist-info/METADATA"),
        "Metadata-Version: 2.1\nName: pytest\nVersion: 8.3.1\n\nVersion: 0\n");
    write(
        site.resolve("pytest_cov-5.0.0.dist-info/METADATA"),
        "Metadata-Version: 2.1\nName: pytest-cov\nVersion: 5.0.0\n");
    write(
        site.resolve("Old_Thing-1.2-py3.11.egg-info/PKG-INFO"),
        "Metadata-Version: 1.0\nName: Old.Thing\nVersion: 1.2\n");
    PythonEnvironment env = read(python);
    assertThat(env.pytestVersion()).contains("8.3.1");
    assertThat(env.installedDistribution("Pytest_Cov"))
        .map(Distribution::version)
        .contains("5.0.0");
    assertThat(env.installedDistribution("old-thing"))
        .map(Distribution::name)
        .contains("Old.Thing");
    assertThat(env.installedDistribution("absent")).isEmpty();
  }

  @Test
  void pytestPluginsComeFromPytest11EntryPointsFirstNameWinning() throws IOException {
    Path python = install();
    write(
        site.resolve("pytest_cov-5.0.0.dist-info/METADATA"), "Name: pytest-cov\nVersion: 5.0.0\n");
    write(
        site.resolve("pytest_cov-5.0.0.dist-info/entry_points.txt"),
        "[console_scripts]\nx = y:z\n\n[pytest11]\npytest_cov = pytest_cov.plugin\n");
    touch(site.resolve("pytest_cov/__init__.py"));
    touch(site.resolve("pytest_cov/plugin.py"));
    write(site.resolve("zz_other-1.0.dist-info/METADATA"), "Name: zz-other\nVersion: 1.0\n");
    write(
        site.resolve("zz_other-1.0.dist-info/entry_points.txt"),
        "[pytest11]\npytest_cov = other.plugin:Plugin [extra]\nzz = zz_plugin:hooks\n");
    List<PytestPlugin> plugins = read(python).pytestPlugins();
    assertThat(plugins).extracting(PytestPlugin::name).containsExactly("pytest_cov", "zz");
    assertThat(plugins.get(0).source()).contains(site.resolve("pytest_cov/plugin.py"));
    assertThat(plugins.get(0).distribution().name()).isEqualTo("pytest-cov");
    assertThat(plugins.get(1).module()).isEqualTo("zz_plugin");
    assertThat(plugins.get(1).attribute()).contains("hooks");
    assertThat(plugins.get(1).source()).isEmpty();
  }

  @Test
  void distutilsShimServesSetuptoolsCopyUnlessDisabled() throws IOException {
    Path python = install();
    touch(base.resolve("lib/python3.11/distutils/__init__.py"));
    touch(site.resolve("setuptools/__init__.py"));
    touch(site.resolve("setuptools/_distutils/__init__.py"));
    write(
        site.resolve("distutils-precedence.pth"),
        "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') =="
            + " 'local'; enabled and __import__('_distutils_hack').add_shim(); \n");
    assertThat(read(python).findModuleFile("distutils", List.of()))
        .contains(site.resolve("setuptools/_distutils/__init__.py"));
    Map<String, String> env = env();
    env.put("SETUPTOOLS_USE_DISTUTILS", "stdlib");
    assertThat(PythonEnvironment.read(python, env, dir).findModuleFile("distutils", List.of()))
        .contains(base.resolve("lib/python3.11/distutils/__init__.py"));
  }

  @Test
  void pyenvShimIsResolvedToTheSelectedVersion() throws IOException {
    Path pyenv = dir.resolve("pyenv");
    Path stdlib = pyenv.resolve("versions/3.11.9/lib/python3.11");
    touch(stdlib.resolve("os.py"));
    touch(pyenv.resolve("versions/3.11.9/bin/python3"));
    touch(pyenv.resolve("versions/3.12.0/bin/python3"));
    write(pyenv.resolve("version"), "3.12.0\n");
    write(dir.resolve("project/.python-version"), "3.11.9\n");
    Path shim =
        write(
            pyenv.resolve("shims/python3"),
            "#!/usr/bin/env bash\nset -e\nexport PYENV_ROOT=\""
                + pyenv
                + "\"\n"
                + "exec \""
                + pyenv
                + "/libexec/pyenv\" exec \"$program\" \"$@\"\n");
    PythonEnvironment env =
        PythonEnvironment.read(shim, env(), Files.createDirectories(dir.resolve("project/sub")));
    assertThat(env.executable()).isEqualTo(pyenv.resolve("versions/3.11.9/bin/python3"));
    assertThat(env.version().majorMinor()).isEqualTo("3.11");
    assertThat(env.interpreter()).isEqualTo(shim);
  }

  @Test
  void versionsParseAndOrder() {
    assertThat(PythonVersion.parse("3.11.7.final.0"))
        .contains(new PythonVersion(3, 11, OptionalInt.of(7)));
    assertThat(PythonVersion.parse("3.9")).contains(new PythonVersion(3, 9, OptionalInt.empty()));
    assertThat(PythonVersion.parse("three")).isEqualTo(Optional.empty());
    assertThat(new PythonVersion(3, 10, OptionalInt.empty()))
        .isLessThan(new PythonVersion(3, 10, OptionalInt.of(0)));
    assertThat(new PythonVersion(3, 12, OptionalInt.empty()).isAtLeast(3, 11)).isTrue();
  }

  @Test
  void builtinNamesFollowTheMinorVersion() {
    assertThat(BuiltinModules.builtin(new PythonVersion(3, 8, OptionalInt.empty())))
        .contains("xxsubtype")
        .doesNotContain("_tokenize");
    assertThat(BuiltinModules.builtin(new PythonVersion(3, 9, OptionalInt.empty())))
        .contains("_peg_parser");
    assertThat(BuiltinModules.builtin(new PythonVersion(3, 13, OptionalInt.empty())))
        .contains("_suggestions", "_sysconfig", "_typing", "_tokenize")
        .doesNotContain("xxsubtype");
  }

  @Test
  void nonElfFileHasNoSymbols() throws IOException {
    assertThat(ElfSymbols.read(write(dir.resolve("script"), "#!/bin/sh\n"))).isNull();
  }
}
