package dev.tach.cli.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tach.api.ErrorCode;
import dev.tach.api.RunEvent;
import dev.tach.api.TachException;
import dev.tach.api.spi.Availability;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxSupport;
import dev.tach.cli.internal.DoctorReport.Item;
import dev.tach.cli.internal.DoctorReport.Status;
import dev.tach.platform.Probes;
import dev.tach.platform.UffdApi;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tach doctor}: what a run would get here. The JVM probes the kernel through
 * tach-platform while the project's interpreter runs the harness probe; the harness applies
 * the sandbox, so its view picks the backend, and the JVM's view is shown beside it.
 */
public final class DoctorService {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final String SNAPSHOT = "snapshot";
  /** Skips the JVM's system calls (jnr-ffi is not loaded): a way out should native code misbehave. */
  static final String NO_NATIVE = "TACH_NO_NATIVE";

  private final PluginRegistry plugins;
  private final HarnessInstaller installer;
  private final PythonLocator pythonLocator;

  /**
   * What to check.
   *
   * @param cwd where a run would start (pyproject.toml is looked for from here)
   * @param python the interpreter given with {@code --python}
   * @param sandbox the backend given with {@code --sandbox}
   * @param format {@code text} or {@code json}
   * @param debug print timings and the harness probe's stderr
   * @param env the environment
   */
  public record DoctorRequest(
      Path cwd, Optional<Path> python, Optional<String> sandbox, String format, boolean debug, Map<String, String> env) {
    public DoctorRequest {
      requireNonNull(cwd, "cwd is null");
      requireNonNull(python, "python is null");
      requireNonNull(sandbox, "sandbox is null");
      requireNonNull(format, "format is null");
      env = Map.copyOf(env);
    }
  }

  @Inject
  public DoctorService(PluginRegistry plugins, HarnessInstaller installer, PythonLocator pythonLocator) {
    this.plugins = plugins;
    this.installer = installer;
    this.pythonLocator = pythonLocator;
  }

  /** Checks, prints the report and returns the exit code: 0 a run would work, else its error's. */
  public int doctor(DoctorRequest request, PrintStream out, PrintStream err) {
    long start = System.nanoTime();
    if (!request.format().equals("text") && !request.format().equals("json")) {
      throw new TachException(ErrorCode.E002, "unknown --format \"" + request.format() + "\"", "use text or json");
    }
    request.sandbox().ifPresent(this::checkBackendName);

    List<Item> failures = new ArrayList<>();
    ProjectConfig project;
    try {
      project = ProjectConfig.find(request.cwd());
    } catch (TachException e) {
      failures.add(failure("project", "pyproject.toml", e));
      project = new ProjectConfig(
          request.cwd(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
    Optional<Path> python = Optional.empty();
    Optional<HarnessProbe> running = Optional.empty();
    try {
      python = Optional.of(pythonLocator.locate(request.python(), project.pythonPath(), project.root()));
      Map<String, String> env = new LinkedHashMap<>(request.env());
      env.putAll(project.env());
      Path harness = installer.install(RunService.version());
      running = Optional.of(HarnessProbe.start(python.get(), harness, project.root(), env));
    } catch (TachException e) {
      failures.add(interpreterFailure(e));
    }

    // The JVM's probes run while Python starts.
    long jvmStart = System.nanoTime();
    boolean nativeOff = truthy(request.env().get(NO_NATIVE));
    Probes.Report jvm;
    long jvmMillis;
    Optional<HarnessProbe.Result> harnessResult = Optional.empty();
    try {
      jvm = Probes.all(!nativeOff);
      jvmMillis = (System.nanoTime() - jvmStart) / 1_000_000;
      if (running.isPresent()) {
        try {
          harnessResult = Optional.of(running.get().await(PROBE_TIMEOUT));
        } catch (TachException e) {
          failures.add(interpreterFailure(e));
        }
      }
    } finally {
      running.ifPresent(HarnessProbe::abandon);
    }
    Optional<JsonNode> probe = harnessResult.map(HarnessProbe.Result::report);

    DoctorReport report = new DoctorReport(header(jvm));
    report.add(javaItem(jvm, nativeOff));
    report.add(kernelItem(jvm));
    report.add(userItem(jvm, probe));
    report.add(landlockItem(jvm, probe));
    report.add(seccompItem(jvm, probe));
    report.add(namespacesItem(probe));
    report.add(overlayfsItem(jvm, probe));
    boolean snapshotInstalled = plugins.strategies().stream().anyMatch(s -> s.name().equals(SNAPSHOT));
    String forSnapshot = snapshotInstalled
        ? "; the snapshot strategy needs it"
        : "; the snapshot strategy (not in this build) needs it";
    userfaultfdItems(jvm, forSnapshot).forEach(report::add);
    report.add(cgroupItem(jvm));
    failures.stream().filter(f -> f.id().equals("project")).forEach(report::add);
    pythonItems(python, probe, failures).forEach(report::add);
    report.add(sandboxItem(request, request.sandbox().or(project::sandbox), probe, report));
    isolationItem(project, report);

    report.timing("native_load", jvm.nativeLoadMillis());
    report.timing("jvm_probes", jvmMillis);
    harnessResult.ifPresent(r -> report.timing("harness_probe", r.millis()));
    report.timing("total", (System.nanoTime() - start) / 1_000_000);

    if (request.format().equals("json")) {
      report.printJson(out);
    } else {
      report.printText(out);
    }
    out.flush();
    report.firstFailure().ifPresent(f -> err.println(
        "error[" + f.code().map(Enum::name).orElse("E020") + "]: " + f.label() + ": " + f.value()
            + (f.fix().isEmpty() ? "" : " (hint: " + f.fix() + ")")));
    if (request.debug()) {
      err.println("tach: doctor timings (ms): " + report.timings());
      harnessResult.filter(r -> !r.stderr().isBlank()).ifPresent(r -> err.print("tach: harness probe stderr:\n" + r.stderr()));
      jvm.nativeAccess().ifPresent(n -> err.println("tach: native access: " + n));
    }
    return report.exitCode();
  }

  private static boolean truthy(String value) {
    return value != null && !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  private void checkBackendName(String name) {
    if (name.equals(SandboxChooser.NONE) || plugins.sandboxes().stream().anyMatch(b -> b.name().equals(name))) {
      return;
    }
    List<String> names = plugins.sandboxes().stream()
        .sorted(Comparator.comparingInt(SandboxBackend::rank).reversed().thenComparing(SandboxBackend::name))
        .map(SandboxBackend::name)
        .toList();
    throw new TachException(
        ErrorCode.E002, "no sandbox backend named \"" + name + "\"", "available: " + String.join(", ", names) + ", none");
  }

  /** E014 is the harness's fault; anything else the interpreter's. */
  private static Item interpreterFailure(TachException e) {
    String id = e.code() == ErrorCode.E014 ? "harness" : "python";
    return failure(id, id, e);
  }

  private static Item failure(String id, String label, TachException e) {
    return Item.missing(Status.FAIL, id, label, e.getMessage(), Optional.of(e.code()), e.hint(), List.of());
  }

  private static String header(Probes.Report jvm) {
    return "tach doctor: tach " + RunService.version() + ", Java " + Runtime.version() + ", "
        + jvm.kernel().uname().map(u -> u.sysname() + " " + u.machine()).orElse(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  // ---- the items --------------------------------------------------------------------------

  private static Item javaItem(Probes.Report jvm, boolean nativeOff) {
    String java = "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")";
    if (jvm.nativeAccess().isPresent()) {
      String fix = nativeOff
          ? "unset " + NO_NATIVE + " to probe userfaultfd and PAGEMAP_SCAN"
          : "the JVM-side probes need Linux on x86_64 or aarch64; on JDK 22+ pass --enable-native-access=org.jnrproject.jffi (./tach does)";
      return Item.missing(Status.WARN, "java", "java", java + "; no system calls from Java: " + jvm.nativeAccess().get() + (nativeOff ? " (" + NO_NATIVE + ")" : ""),
          Optional.empty(), fix, List.of());
    }
    return Item.ok("java", "java", java + "; system calls through jnr-ffi (bound in " + jvm.nativeLoadMillis() + " ms)", List.of());
  }

  private static Item kernelItem(Probes.Report jvm) {
    Probes.Kernel kernel = jvm.kernel();
    if (kernel.release().isEmpty()) {
      return Item.missing(Status.WARN, "kernel", "kernel", "unknown: " + kernel.missing().orElse(""), Optional.empty(), "", List.of());
    }
    return Item.ok("kernel", "kernel", "Linux " + kernel.release() + kernel.uname().map(u -> " (" + u.machine() + ")").orElse(""), List.of());
  }

  private static Item userItem(Probes.Report jvm, Optional<JsonNode> probe) {
    long euid = probe.map(p -> p.path("euid").asLong(jvm.identity().euid())).orElse(jvm.identity().euid());
    String value = euid == 0
        ? "root (uid 0): namespaces without a user namespace"
        : "uid " + euid + ": namespaces need a user namespace (CLONE_NEWUSER)";
    return Item.ok("user", "user", value, List.of());
  }

  private static Item landlockItem(Probes.Report jvm, Optional<JsonNode> probe) {
    int jvmAbi = jvm.landlock().abi();
    String jvmView = jvm.landlock().available() ? "ABI " + jvmAbi : "unavailable (" + jvm.landlock().missing().orElse("") + ")";
    String fix = "a kernel 5.13+ with CONFIG_SECURITY_LANDLOCK=y and landlock in its lsm= boot parameter (cat /sys/kernel/security/lsm); in a container, a seccomp profile that allows the landlock_* calls";
    if (probe.isEmpty()) {
      return jvm.landlock().available()
          ? Item.ok("landlock", "landlock", "ABI " + jvmAbi + " (JVM's view; the harness did not run)", List.of())
          : Item.missing(Status.WARN, "landlock", "landlock", "unavailable: " + jvm.landlock().missing().orElse(""), Optional.of(ErrorCode.E006), fix, List.of());
    }
    JsonNode sandbox = probe.get().path("sandbox");
    int abi = sandbox.path("landlock_abi").asInt(0);
    List<String> notes = new ArrayList<>();
    boolean disagree = jvm.nativeAccess().isEmpty() && abi != jvmAbi;
    if (disagree) {
      notes.add("the JVM and the harness disagree: the JVM sees " + jvmView + "; the harness's view decides (it applies the sandbox)");
    } else {
      notes.add("JVM: " + jvmView);
    }
    if (abi < 1) {
      return Item.missing(Status.WARN, "landlock", "landlock",
          "unavailable: " + sandbox.path("reasons").path("landlock_abi").asText("landlock_create_ruleset failed"),
          Optional.of(ErrorCode.E006), fix, notes);
    }
    return new Item("landlock", "landlock", disagree ? Status.WARN : Status.OK, "ABI " + abi, Optional.empty(), "", notes);
  }

  private static Item seccompItem(Probes.Report jvm, Optional<JsonNode> probe) {
    Probes.Seccomp s = jvm.seccomp();
    String jvmView = s.available()
        ? "available (mode " + s.mode() + (s.filters() > 0 ? ", " + s.filters() + " filter(s) already installed" : "") + ")"
        : "unavailable (" + s.missing().orElse("") + ")";
    String fix = "a kernel with CONFIG_SECCOMP_FILTER=y; in a container, a runtime that lets processes add their own filters (prctl and seccomp allowed)";
    if (probe.isEmpty()) {
      return s.available()
          ? Item.ok("seccomp", "seccomp", jvmView + " (JVM's view; the harness did not run)", List.of())
          : Item.missing(Status.WARN, "seccomp", "seccomp", "unavailable: " + s.missing().orElse(""), Optional.of(ErrorCode.E015), fix, List.of());
    }
    JsonNode sandbox = probe.get().path("sandbox");
    boolean available = sandbox.path("seccomp").asBoolean(false);
    boolean disagree = jvm.nativeAccess().isEmpty() && available != s.available();
    List<String> notes = List.of(disagree
        ? "the JVM and the harness disagree: the JVM sees " + jvmView + "; the harness's view decides (it applies the sandbox)"
        : "JVM: " + jvmView + (s.actions().isEmpty() ? "" : ", actions " + String.join(" ", s.actions())));
    if (!available) {
      return Item.missing(Status.WARN, "seccomp", "seccomp",
          "unavailable: " + sandbox.path("reasons").path("seccomp").asText("prctl(PR_GET_SECCOMP) failed"),
          Optional.of(ErrorCode.E015), fix, notes);
    }
    return new Item("seccomp", "seccomp", disagree ? Status.WARN : Status.OK, "filters can be installed", Optional.empty(), "", notes);
  }

  private static Item namespacesItem(Optional<JsonNode> probe) {
    if (probe.isEmpty()) {
      return Item.missing(Status.WARN, "namespaces", "namespaces", "not probed: the harness did not run (see python)",
          Optional.of(ErrorCode.E012), "make the interpreter usable first", List.of());
    }
    JsonNode sandbox = probe.get().path("sandbox");
    boolean root = probe.get().path("euid").asLong(-1) == 0;
    String what = root ? "mount + network" : "user + mount + network";
    if (sandbox.path("namespaces").asBoolean(false)) {
      return Item.ok("namespaces", "namespaces", what + ": unshare works (tried in a throwaway child)", List.of());
    }
    String fix = root
        ? "in a container, give it CAP_SYS_ADMIN and a seccomp/AppArmor profile that allows unshare (e.g. docker run --privileged)"
        : "allow unprivileged user namespaces: sysctl user.max_user_namespaces=15000 kernel.unprivileged_userns_clone=1 (Debian) / kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04+), or run as root";
    return Item.missing(Status.WARN, "namespaces", "namespaces",
        what + " unavailable: " + sandbox.path("reasons").path("namespaces").asText("unshare failed"),
        Optional.of(ErrorCode.E012), fix, List.of());
  }

  private static Item overlayfsItem(Probes.Report jvm, Optional<JsonNode> probe) {
    boolean available = probe.map(p -> p.path("sandbox").path("overlayfs").asBoolean(false)).orElse(jvm.overlayfs().available());
    if (available) {
      return Item.ok("overlayfs", "overlayfs", "available (overlays over the project and /tmp)", List.of());
    }
    String reason = probe.map(p -> p.path("sandbox").path("reasons").path("overlayfs").asText(""))
        .filter(r -> !r.isEmpty())
        .orElse(jvm.overlayfs().missing().orElse("overlay is not in /proc/filesystems"));
    return Item.missing(Status.WARN, "overlayfs", "overlayfs", "unavailable: " + reason, Optional.of(ErrorCode.E012),
        "modprobe overlay (a kernel with CONFIG_OVERLAY_FS)", List.of());
  }

  private static List<Item> userfaultfdItems(Probes.Report jvm, String forSnapshot) {
    Probes.Userfaultfd uffd = jvm.userfaultfd();
    List<Item> items = new ArrayList<>();
    if (!uffd.available()) {
      String reason = uffd.missing().orElse("");
      String fix = jvm.nativeAccess().isPresent()
          ? "see the java item"
          : reason.contains("ENOSYS")
          ? "a kernel with CONFIG_USERFAULTFD=y"
          : jvm.identity().root()
              ? "allow the userfaultfd system call (a container's seccomp profile)"
              : "sysctl vm.unprivileged_userfaultfd=1, or run with CAP_SYS_PTRACE";
      items.add(Item.missing(Status.WARN, "userfaultfd", "userfaultfd", "unavailable: " + reason + forSnapshot,
          Optional.of(ErrorCode.E019), fix, List.of()));
      String skipped = "not probed (no userfaultfd)";
      items.add(Item.missing(Status.WARN, "userfaultfd_wp", "userfaultfd write-protect", skipped, Optional.of(ErrorCode.E019), "", List.of()));
      items.add(Item.missing(Status.WARN, "userfaultfd_wp_async", "userfaultfd WP_ASYNC", skipped, Optional.of(ErrorCode.E019), "", List.of()));
    } else {
      UffdApi api = uffd.api().orElseThrow();
      items.add(Item.ok("userfaultfd", "userfaultfd",
          "available" + (uffd.userModeOnly() ? " (UFFD_USER_MODE_ONLY)" : "") + forSnapshot,
          List.of(String.format("UFFDIO_API: features %#x, ioctls %#x", api.features(), api.ioctls()))));
      items.add(api.writeProtect()
          ? Item.ok("userfaultfd_wp", "userfaultfd write-protect",
              "available (UFFD_FEATURE_PAGEFAULT_FLAG_WP" + (api.writeProtectUnpopulated() ? ", WP_UNPOPULATED" : "") + ")" + forSnapshot, List.of())
          : Item.missing(Status.WARN, "userfaultfd_wp", "userfaultfd write-protect",
              "unavailable: UFFD_FEATURE_PAGEFAULT_FLAG_WP not offered" + forSnapshot, Optional.of(ErrorCode.E019),
              "Linux 5.7+ on x86_64 or 6.5+ on aarch64 (CONFIG_HAVE_ARCH_USERFAULTFD_WP)", List.of()));
      items.add(api.writeProtectAsync()
          ? Item.ok("userfaultfd_wp_async", "userfaultfd WP_ASYNC", "available (the kernel resolves write faults itself)" + forSnapshot, List.of())
          : Item.missing(Status.WARN, "userfaultfd_wp_async", "userfaultfd WP_ASYNC",
              "unavailable: UFFD_FEATURE_WP_ASYNC not offered" + forSnapshot, Optional.of(ErrorCode.E019), "Linux 6.7+", List.of()));
    }
    Probes.PagemapScan scan = jvm.pagemapScan();
    items.add(scan.available()
        ? Item.ok("pagemap_scan", "PAGEMAP_SCAN", "available (dirty-page tracking)" + forSnapshot, List.of())
        : Item.missing(Status.WARN, "pagemap_scan", "PAGEMAP_SCAN", "unavailable: " + scan.missing().orElse("") + forSnapshot,
            Optional.of(ErrorCode.E019), jvm.nativeAccess().isPresent() ? "see the java item" : "Linux 6.7+", List.of()));
    return items;
  }

  private static Item cgroupItem(Probes.Report jvm) {
    Probes.Cgroup cg = jvm.cgroup();
    List<String> notes = new ArrayList<>();
    cg.mount().ifPresent(m -> notes.add("cgroup2 on " + m + ", this process in " + cg.own().orElse("?")
        + ", controllers: " + (cg.controllers().isEmpty() ? "none" : String.join(" ", cg.controllers()))
        + (cg.writable() ? ", writable" : ", not writable") + (cg.killFile() ? ", cgroup.kill" : ", no cgroup.kill")));
    notes.add("not used by runs yet");
    if (cg.unified() && cg.writable()) {
      return Item.ok("cgroup_v2", "cgroup v2", "unified hierarchy on /sys/fs/cgroup", notes);
    }
    String fix = cg.mount().isEmpty() || !cg.unified()
        ? "boot with systemd.unified_cgroup_hierarchy=1 (cgroup v2 only)"
        : "run tach in a delegated cgroup (systemd-run --user --scope -p Delegate=yes ...)";
    return Item.missing(Status.WARN, "cgroup_v2", "cgroup v2", cg.missing().orElse("unavailable"), Optional.empty(), fix, notes);
  }

  private static List<Item> pythonItems(Optional<Path> python, Optional<JsonNode> probe, List<Item> failures) {
    List<Item> items = new ArrayList<>();
    Optional<Item> failed = failures.stream().filter(f -> !f.id().equals("project")).findFirst();
    if (failed.isPresent()) {
      items.add(failed.get());
      items.add(Item.missing(Status.WARN, "pytest", "pytest", "not probed: no usable interpreter", Optional.of(ErrorCode.E007), "", List.of()));
      return items;
    }
    JsonNode p = probe.orElseThrow();
    String version = p.path("python").asText("");
    String where = python.map(Path::toString).orElse("?");
    String executable = p.path("executable").asText("");
    List<String> notes = executable.isEmpty() || executable.equals(where) ? List.of() : List.of("sys.executable: " + executable);
    Matcher m = VERSION.matcher(version);
    int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
    int minor = major > 0 ? Integer.parseInt(m.group(2)) : 0;
    if (major < 3 || (major == 3 && minor < 10)) {
      items.add(Item.missing(Status.FAIL, "python", "python", "Python " + version + " (" + where + ") is too old: Tach needs 3.10 or newer",
          Optional.of(ErrorCode.E005), "pass --python PATH to a Python 3.10+ interpreter", notes));
    } else if (major == 3 && minor > 13) {
      items.add(Item.missing(Status.WARN, "python", "python", "Python " + version + " (" + where + "), newer than tested (3.10-3.13)",
          Optional.empty(), "", notes));
    } else {
      items.add(Item.ok("python", "python", "Python " + version + " (" + where + ")", notes));
    }
    String pytest = p.path("pytest").asText("");
    if (p.path("pytest").isNull() || pytest.isEmpty()) {
      items.add(Item.missing(Status.FAIL, "pytest", "pytest",
          "not importable by " + where + ": " + p.path("reasons").path("pytest").asText("unknown reason"),
          Optional.of(ErrorCode.E007), where + " -m pip install pytest", List.of()));
    } else {
      items.add(Item.ok("pytest", "pytest", "pytest " + pytest, List.of()));
    }
    return items;
  }

  /** What the harness's probe tells a run about the sandbox. */
  static SandboxSupport support(JsonNode probe) {
    JsonNode sandbox = probe.path("sandbox");
    Map<String, String> reasons = new LinkedHashMap<>();
    sandbox.path("reasons").fields().forEachRemaining(f ->
        reasons.put(f.getKey().equals("landlock_abi") ? "landlock" : f.getKey(), f.getValue().asText()));
    return new SandboxSupport(
        Math.max(0, sandbox.path("landlock_abi").asInt(0)),
        sandbox.path("seccomp").asBoolean(false),
        sandbox.path("namespaces").asBoolean(false),
        probe.path("euid").asLong(0) != 0,
        sandbox.path("overlayfs").asBoolean(false),
        reasons);
  }

  private Item sandboxItem(
      DoctorRequest request, Optional<String> forced, Optional<JsonNode> probe, DoctorReport report) {
    List<SandboxBackend> backends = new ArrayList<>(plugins.sandboxes());
    backends.sort(Comparator.comparingInt(SandboxBackend::rank).reversed());
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("forced", forced.orElse(null));
    section.put("backends", backends.stream().map(SandboxBackend::name).toList());
    if (probe.isEmpty()) {
      report.section("sandbox", section);
      return Item.missing(Status.WARN, "sandbox", "sandbox backend", "not known: the harness probe did not run (see python)",
          Optional.empty(), "", List.of());
    }
    if (backends.isEmpty()) {
      report.section("sandbox", section);
      return Item.missing(Status.WARN, "sandbox", "sandbox backend", "no sandbox backend found (tach-sandbox is not on the module path)",
          Optional.of(ErrorCode.E016), "rebuild tach, or put tach-sandbox.jar on TACH_MODULE_PATH", List.of());
    }
    SandboxSupport support = support(probe.get());
    boolean disabled = SandboxChooser.disabled(false, forced, request.env());
    SandboxChooser.Choice choice = SandboxChooser.choose(backends, forced, disabled, support);
    section.put("backend", choice.backend().map(SandboxBackend::name).orElse(null));
    section.put("why", choice.why());
    section.put("warnings", choice.warnings());
    Map<String, Object> supportMap = new LinkedHashMap<>();
    supportMap.put("landlock_abi", support.landlockAbi());
    supportMap.put("seccomp", support.seccomp());
    supportMap.put("namespaces", support.namespaces());
    supportMap.put("user_namespace", support.userNamespace());
    supportMap.put("overlayfs", support.overlayfs());
    supportMap.put("reasons", support.reasons());
    section.put("support", supportMap);
    List<Map<String, Object>> each = new ArrayList<>();
    for (SandboxBackend backend : backends) {
      Availability a = backend.availability(support);
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", backend.name());
      b.put("rank", backend.rank());
      b.put("available", a.available());
      b.put("reason", a.available() ? null : a.reason());
      b.put("code", a.code().map(Enum::name).orElse(null));
      each.add(b);
    }
    section.put("availability", each);
    report.section("sandbox", section);

    List<String> notes = new ArrayList<>(choice.warnings().stream().map(RunEvent.Warning::line).toList());
    if (choice.backend().isEmpty()) {
      if (disabled) {
        return Item.ok("sandbox", "sandbox backend", "none: " + choice.why(), notes);
      }
      return Item.missing(Status.WARN, "sandbox", "sandbox backend", "none: " + choice.why(), Optional.of(ErrorCode.E019), "", notes);
    }
    SandboxBackend chosen = choice.backend().get();
    String value = chosen.name() + " (" + choice.why().replaceFirst("^" + Pattern.quote(chosen.name()) + ": ", "") + "): " + chosen.description();
    if (choice.warnings().isEmpty()) {
      return Item.ok("sandbox", "sandbox backend", value, notes);
    }
    Optional<ErrorCode> code = choice.warnings().stream().map(RunEvent.Warning::code).findFirst();
    return Item.missing(Status.WARN, "sandbox", "sandbox backend", value, code,
        "see the items above with " + code.map(Enum::name).orElse("a code"), notes);
  }

  private void isolationItem(ProjectConfig project, DoctorReport report) {
    String name = project.isolation().orElse(RunService.DEFAULT_ISOLATION);
    String source = project.isolation().isPresent() ? "[tool.tach] isolation in " + project.file().map(Path::toString).orElse("pyproject.toml") : "the default";
    List<String> notes = new ArrayList<>();
    List<Map<String, Object>> strategies = new ArrayList<>();
    List<IsolationStrategy> found = new ArrayList<>(plugins.strategies());
    found.sort(Comparator.comparing(IsolationStrategy::name));
    for (IsolationStrategy s : found) {
      Availability a = s.availability();
      notes.add(s.name() + ": " + (a.available() ? "available" : "unavailable (" + a.reason() + ")") + " - " + s.description());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", s.name());
      entry.put("available", a.available());
      entry.put("reason", a.available() ? null : a.reason());
      entry.put("description", s.description());
      strategies.add(entry);
    }
    if (found.stream().noneMatch(s -> s.name().equals(SNAPSHOT))) {
      notes.add("snapshot: not in this build (it would roll memory back with userfaultfd write-protect or PAGEMAP_SCAN; see those items)");
    }
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("strategy", name);
    section.put("source", source);
    section.put("strategies", strategies);
    report.section("isolation", section);
    Optional<IsolationStrategy> strategy = found.stream().filter(s -> s.name().equals(name)).findFirst();
    if (strategy.isEmpty()) {
      report.add(Item.missing(Status.FAIL, "isolation", "isolation strategy", "no strategy named \"" + name + "\" (from " + source + ")",
          Optional.of(ErrorCode.E002), "available: " + String.join(", ", found.stream().map(IsolationStrategy::name).toList()), notes));
      return;
    }
    Availability a = strategy.get().availability();
    if (!a.available()) {
      report.add(Item.missing(Status.FAIL, "isolation", "isolation strategy", name + " (from " + source + ") is unavailable: " + a.reason(),
          Optional.of(a.code().orElse(ErrorCode.E019)), "choose another with --isolation or [tool.tach] isolation", notes));
      return;
    }
    report.add(Item.ok("isolation", "isolation strategy", name + " (" + source + ")", notes));
  }
}
