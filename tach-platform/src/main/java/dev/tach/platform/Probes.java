package dev.tach.platform;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What this kernel and user allow, probed from the JVM: each probe returns its value, or why
 * it is missing as one line that names the failing call and its errno. Never throws.
 * Probes that need a system call take an {@link Os}; the others read {@code /proc} and
 * {@code /sys}.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class Probes {
  private static final Path PROC = Path.of("/proc");

  private Probes() {}

  /**
   * Everything, with the time binding libc took.
   *
   * @param nativeAccess why Java could not make system calls, when it could not
   * @param nativeLoadMillis how long {@link Os#load()} and the first call took
   */
  public record Report(
      Optional<String> nativeAccess,
      long nativeLoadMillis,
      Kernel kernel,
      Identity identity,
      Landlock landlock,
      Seccomp seccomp,
      Userfaultfd userfaultfd,
      PagemapScan pagemapScan,
      Cgroup cgroup,
      Overlayfs overlayfs) {
    public Report {
      requireNonNull(nativeAccess, "nativeAccess is null");
    }
  }

  /** The kernel release ({@code uname}, or {@code /proc/sys/kernel/osrelease} without {@link Os}). */
  public record Kernel(Optional<Uname> uname, String release, Optional<String> missing) {}

  /** Who runs this process; {@code root} is euid 0. */
  public record Identity(long uid, long euid) {
    public boolean root() {
      return euid == 0;
    }
  }

  /** The Landlock ABI version, 0 when Landlock is unavailable. */
  public record Landlock(int abi, Optional<String> missing) {
    public boolean available() {
      return abi > 0;
    }
  }

  /**
   * Whether a seccomp filter can be installed.
   *
   * @param mode {@code prctl(PR_GET_SECCOMP)}: 0 none, 2 a filter is already installed (a container's)
   * @param filters how many filters are installed ({@code Seccomp_filters} of {@code /proc/self/status}), -1 unknown
   * @param actions the return actions the kernel offers ({@code /proc/sys/kernel/seccomp/actions_avail})
   */
  public record Seccomp(boolean available, int mode, int filters, List<String> actions, Optional<String> missing) {
    public Seccomp {
      actions = List.copyOf(actions);
    }
  }

  /**
   * Whether this process may create a userfaultfd, and what its API offers.
   *
   * @param userModeOnly the descriptor needed {@code UFFD_USER_MODE_ONLY} (an unprivileged process
   *     with {@code vm.unprivileged_userfaultfd} = 0)
   */
  public record Userfaultfd(boolean available, boolean userModeOnly, Optional<UffdApi> api, Optional<String> missing) {}

  /** Whether the {@code PAGEMAP_SCAN} ioctl of {@code /proc/PID/pagemap} exists (6.7+). */
  public record PagemapScan(boolean available, Optional<String> missing) {}

  /**
   * The cgroup v2 hierarchy as this process sees it.
   *
   * @param unified cgroup2 is mounted on {@code /sys/fs/cgroup} (no v1 hierarchy beside it)
   * @param mount where cgroup2 is mounted, if anywhere
   * @param controllers the controllers this process's cgroup offers ({@code cgroup.controllers})
   * @param own this process's cgroup, relative to the mount ({@code 0::/...} of {@code /proc/self/cgroup})
   * @param writable this process may create cgroups below its own
   * @param killFile the cgroup has {@code cgroup.kill} (5.14+, not in the root cgroup)
   */
  public record Cgroup(
      boolean unified,
      Optional<Path> mount,
      List<String> controllers,
      Optional<String> own,
      boolean writable,
      boolean killFile,
      Optional<String> missing) {
    public Cgroup {
      controllers = List.copyOf(controllers);
    }
  }

  /** Whether the kernel offers overlayfs ({@code /proc/filesystems}). */
  public record Overlayfs(boolean available, Optional<String> missing) {}

  /** Binds libc (when possible) and runs every probe. */
  public static Report all() {
    return all(true);
  }

  /**
   * Runs every probe.
   *
   * @param systemCalls bind libc and make the system calls; without, only what {@code /proc}
   *     and {@code /sys} tell is probed (and jnr-ffi is never loaded)
   */
  public static Report all(boolean systemCalls) {
    long start = System.nanoTime();
    Optional<Os> os = Optional.empty();
    Optional<String> nativeAccess = Optional.of("system calls from Java are turned off");
    if (systemCalls) {
      try {
        os = Optional.of(Os.load());
        nativeAccess = Optional.empty();
      } catch (NativeAccessException e) {
        nativeAccess = Optional.of(e.getMessage());
      }
    }
    // jnr-ffi generates the binding's class on the first call: that belongs to the load time.
    Identity identity = identity(os);
    long loadMillis = (System.nanoTime() - start) / 1_000_000;
    String noNative = "not probed: " + nativeAccess.orElse("");
    return new Report(
        nativeAccess,
        loadMillis,
        kernel(os),
        identity,
        os.map(Probes::landlock).orElse(new Landlock(0, Optional.of(noNative))),
        os.map(Probes::seccomp).orElse(new Seccomp(false, -1, -1, List.of(), Optional.of(noNative))),
        os.map(o -> userfaultfd(o, identity.root()))
            .orElse(new Userfaultfd(false, false, Optional.empty(), Optional.of(noNative))),
        os.map(Probes::pagemapScan).orElse(new PagemapScan(false, Optional.of(noNative))),
        cgroup(),
        overlayfs());
  }

  /** {@code uname(2)}, or {@code /proc/sys/kernel/osrelease} without system calls. */
  public static Kernel kernel(Optional<Os> os) {
    if (os.isPresent()) {
      try {
        Uname uname = os.get().uname();
        return new Kernel(Optional.of(uname), uname.release(), Optional.empty());
      } catch (SyscallException e) {
        return new Kernel(Optional.empty(), "", Optional.of(e.getMessage()));
      }
    }
    return read(PROC.resolve("sys/kernel/osrelease"))
        .map(r -> new Kernel(Optional.empty(), r.strip(), Optional.empty()))
        .orElse(new Kernel(Optional.empty(), "", Optional.of("/proc/sys/kernel/osrelease is not readable")));
  }

  /** {@code getuid}/{@code geteuid}, or the {@code Uid:} line of {@code /proc/self/status}. */
  public static Identity identity(Optional<Os> os) {
    if (os.isPresent()) {
      return new Identity(os.get().uid(), os.get().euid());
    }
    String uids = statusField("Uid").orElse("-1 -1");
    String[] parts = uids.trim().split("\\s+");
    return new Identity(Long.parseLong(parts[0]), Long.parseLong(parts.length > 1 ? parts[1] : parts[0]));
  }

  /** The Landlock ABI, as {@code landlock_create_ruleset(NULL, 0, VERSION)} answers. */
  public static Landlock landlock(Os os) {
    try {
      return new Landlock(os.landlockAbi(), Optional.empty());
    } catch (SyscallException e) {
      String meaning;
      switch (e.errno()) {
        case "ENOSYS":
          meaning = "this kernel has no Landlock (5.13+ with CONFIG_SECURITY_LANDLOCK=y)";
          break;
        case "EOPNOTSUPP":
        case "ENOTSUP":
          meaning = "Landlock is built in but not enabled: it is missing from the lsm= boot parameter";
          break;
        case "EPERM":
          meaning = "refused, most likely by a container's seccomp profile";
          break;
        default:
          meaning = "";
      }
      return new Landlock(0, Optional.of(withMeaning(e, meaning)));
    }
  }

  /** Seccomp: {@code prctl(PR_GET_SECCOMP)}, the filters already installed and the actions offered. */
  public static Seccomp seccomp(Os os) {
    int filters = statusField("Seccomp_filters").map(s -> parseInt(s.trim(), -1)).orElse(-1);
    List<String> actions =
        read(PROC.resolve("sys/kernel/seccomp/actions_avail"))
            .map(a -> Arrays.asList(a.trim().split("\\s+")))
            .orElse(List.of());
    int mode;
    try {
      mode = os.seccompMode();
    } catch (SyscallException e) {
      String meaning = e.errno().equals("EINVAL") ? "this kernel was built without CONFIG_SECCOMP" : "";
      return new Seccomp(false, -1, filters, actions, Optional.of(withMeaning(e, meaning)));
    }
    if (mode == 1) {
      return new Seccomp(false, mode, filters, actions, Optional.of("this process runs in strict seccomp mode"));
    }
    // The harness's filter answers EPERM and kills other architectures' calls.
    if (!actions.isEmpty() && !(actions.contains("errno") && actions.contains("kill_process"))) {
      return new Seccomp(
          false, mode, filters, actions,
          Optional.of("the kernel's seccomp actions (" + String.join(" ", actions) + ") lack errno or kill_process"));
    }
    return new Seccomp(true, mode, filters, actions, Optional.empty());
  }

  /**
   * A userfaultfd and its {@code UFFDIO_API}: plain first as root, with
   * {@code UFFD_USER_MODE_ONLY} first otherwise (what {@code vm.unprivileged_userfaultfd} = 0
   * still allows); the other way when the first is refused.
   */
  public static Userfaultfd userfaultfd(Os os, boolean root) {
    boolean[] attempts = root ? new boolean[] {false, true} : new boolean[] {true, false};
    List<String> failures = new ArrayList<>();
    for (boolean userModeOnly : attempts) {
      try (Fd fd = os.userfaultfd(userModeOnly)) {
        UffdApi api = os.uffdApi(fd);
        return new Userfaultfd(true, userModeOnly, Optional.of(api), Optional.empty());
      } catch (SyscallException e) {
        String meaning;
        switch (e.errno()) {
          case "ENOSYS":
            meaning = "this kernel has no userfaultfd (CONFIG_USERFAULTFD)";
            break;
          case "EPERM":
            meaning = userModeOnly
                ? "refused, most likely by a seccomp profile"
                : "vm.unprivileged_userfaultfd is 0 and the process lacks CAP_SYS_PTRACE";
            break;
          case "EINVAL":
            meaning = userModeOnly ? "the kernel predates UFFD_USER_MODE_ONLY (5.11)" : "";
            break;
          default:
            meaning = "";
        }
        failures.add(withMeaning(e, meaning));
        if (e.errno().equals("ENOSYS")) {
          break;
        }
      }
    }
    return new Userfaultfd(false, false, Optional.empty(), Optional.of(String.join("; ", failures)));
  }

  /** {@code PAGEMAP_SCAN} over an empty range of {@code /proc/self/pagemap}: ENOTTY before 6.7. */
  public static PagemapScan pagemapScan(Os os) {
    try (Fd pagemap = os.openReadOnly(PROC.resolve("self/pagemap"))) {
      os.pagemapScan(pagemap, 0, 0);
      return new PagemapScan(true, Optional.empty());
    } catch (SyscallException e) {
      String meaning = e.errno().equals("ENOTTY") ? "the kernel predates PAGEMAP_SCAN (6.7)" : "";
      return new PagemapScan(false, Optional.of(withMeaning(e, meaning)));
    }
  }

  /** cgroup v2: where it is mounted, this process's cgroup, its controllers, whether it may be used. */
  public static Cgroup cgroup() {
    return cgroup(PROC.resolve("self/mountinfo"), PROC.resolve("self/cgroup"));
  }

  static Cgroup cgroup(Path mountinfo, Path cgroupFile) {
    Optional<String> mounts = read(mountinfo);
    if (mounts.isEmpty()) {
      return noCgroup(mountinfo + " is not readable");
    }
    Optional<Path> v2 = Optional.empty();
    boolean v1 = false;
    for (String line : mounts.get().split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] before = line.substring(0, dash).split(" ");
      String[] after = line.substring(dash + 3).split(" ");
      if (before.length < 5 || after.length < 1) {
        continue;
      }
      if (after[0].equals("cgroup2") && (v2.isEmpty() || before[4].equals("/sys/fs/cgroup"))) {
        v2 = Optional.of(Path.of(unescape(before[4])));
      } else if (after[0].equals("cgroup")) {
        v1 = true;
      }
    }
    if (v2.isEmpty()) {
      return noCgroup("no cgroup2 file system is mounted (cgroup v1 only)");
    }
    Path mount = v2.get();
    boolean unified = mount.equals(Path.of("/sys/fs/cgroup")) && !v1;
    Optional<String> own = Optional.empty();
    for (String line : read(cgroupFile).orElse("").split("\n")) {
      if (line.startsWith("0::")) {
        own = Optional.of(line.substring(3).strip());
      }
    }
    Path dir = own.map(o -> mount.resolve(o.replaceFirst("^/+", ""))).orElse(mount);
    List<String> controllers =
        read(dir.resolve("cgroup.controllers"))
            .map(c -> c.isBlank() ? List.<String>of() : Arrays.asList(c.trim().split("\\s+")))
            .orElse(List.of());
    boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
    boolean kill = Files.exists(dir.resolve("cgroup.kill"));
    Optional<String> missing = Optional.empty();
    if (!unified) {
      missing = Optional.of(
          "hybrid hierarchy: cgroup v1 holds the controllers, cgroup2 is mounted on " + mount
              + " without them");
    } else if (!writable) {
      missing = Optional.of("this process may not create cgroups below " + dir);
    }
    return new Cgroup(unified, v2, controllers, own, writable, kill, missing);
  }

  private static Cgroup noCgroup(String why) {
    return new Cgroup(false, Optional.empty(), List.of(), Optional.empty(), false, false, Optional.of(why));
  }

  /** overlayfs: {@code overlay} in {@code /proc/filesystems}. */
  public static Overlayfs overlayfs() {
    return overlayfs(PROC.resolve("filesystems"));
  }

  static Overlayfs overlayfs(Path filesystems) {
    Optional<String> listing = read(filesystems);
    if (listing.isEmpty()) {
      return new Overlayfs(false, Optional.of(filesystems + " is not readable"));
    }
    for (String line : listing.get().split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields[fields.length - 1].equals("overlay")) {
        return new Overlayfs(true, Optional.empty());
      }
    }
    return new Overlayfs(
        false, Optional.of("overlay is not in " + filesystems + " (module not loaded or not built)"));
  }

  private static String withMeaning(SyscallException e, String meaning) {
    return meaning.isEmpty() ? e.getMessage() : e.getMessage() + ": " + meaning;
  }

  private static Optional<String> statusField(String name) {
    for (String line : read(PROC.resolve("self/status")).orElse("").split("\n")) {
      if (line.startsWith(name + ":")) {
        return Optional.of(line.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** Mount points in mountinfo escape space, tab, newline and backslash as octal. */
  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
