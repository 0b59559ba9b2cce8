package dev.tach.platform;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.platform.libc.LibC;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;

/**
 * The system calls Tach makes from Java, typed: results are Java values and handles, a failure
 * is a {@link SyscallException} that names the errno ({@code "EPERM"}), never a raw number or a
 * jnr-ffi type. Linux only. {@link #load()} generates the binding (a few hundred milliseconds),
 * so only the commands that need it ({@code tach doctor}) call it.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class Os {
  private static final int UTSNAME_FIELD = 65;
  private static final int UTSNAME_FIELDS = 6;

  private final LibC libc;
  private final jnr.ffi.Runtime runtime;
  private final String arch;

  private Os(LibC libc, jnr.ffi.Runtime runtime, String arch) {
    this.libc = libc;
    this.runtime = runtime;
    this.arch = arch;
  }

  /**
   * Binds libc.
   *
   * @throws NativeAccessException when this is not Linux or libc cannot be bound (no native
   *     jffi library for the platform, native access refused by the JVM)
   */
  public static Os load() {
    String osName = System.getProperty("os.name", "");
    if (!osName.equals("Linux")) {
      throw new NativeAccessException("system calls are only made on Linux, not on " + osName, null);
    }
    try {
      String library = Platform.getNativePlatform().getStandardCLibraryName();
      LibC libc = LibraryLoader.create(LibC.class).failImmediately().load(library);
      return new Os(libc, jnr.ffi.Runtime.getRuntime(libc), System.getProperty("os.arch", ""));
    } catch (RuntimeException | LinkageError e) {
      throw new NativeAccessException(
          "cannot bind libc with jnr-ffi: " + e.toString().lines().findFirst().orElse(""), e);
    }
  }

  /** The machine's architecture as the JVM names it ({@code amd64}, {@code aarch64}). */
  public String arch() {
    return arch;
  }

  /** {@code uname(2)}. */
  public Uname uname() {
    byte[] buffer = new byte[UTSNAME_FIELD * UTSNAME_FIELDS];
    check(libc.uname(buffer), "uname");
    return new Uname(field(buffer, 0), field(buffer, 2), field(buffer, 3), field(buffer, 4));
  }

  private static String field(byte[] utsname, int index) {
    int start = index * UTSNAME_FIELD;
    int end = start;
    while (end < start + UTSNAME_FIELD && utsname[end] != 0) {
      end++;
    }
    return new String(utsname, start, end - start, StandardCharsets.UTF_8);
  }

  /** The real user id ({@code getuid(2)}). */
  public long uid() {
    return Integer.toUnsignedLong(libc.getuid());
  }

  /** The effective user id ({@code geteuid(2)}). */
  public long euid() {
    return Integer.toUnsignedLong(libc.geteuid());
  }

  /** {@code close(2)} of a raw descriptor; {@link Fd#close()} is the usual way. */
  public void close(int fd) {
    check(libc.close(fd), "close(" + fd + ")");
  }

  /** Opens a file read-only ({@code O_RDONLY | O_CLOEXEC}). */
  public Fd openReadOnly(Path path) {
    requireNonNull(path, "path is null");
    String call = "open(" + path + ")";
    return new Fd(this, check(libc.open(path.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC), call), call);
  }

  /**
   * The Landlock ABI version: {@code landlock_create_ruleset(NULL, 0,
   * LANDLOCK_CREATE_RULESET_VERSION)}. ENOSYS: no Landlock in this kernel; EOPNOTSUPP: built but
   * not enabled at boot.
   */
  public int landlockAbi() {
    long result =
        libc.syscall(Linux.SYS_LANDLOCK_CREATE_RULESET, 0, 0, Linux.LANDLOCK_CREATE_RULESET_VERSION);
    return check(result, "landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)");
  }

  /** {@code prctl(PR_GET_SECCOMP)}: 0 not filtered, 2 filtered (EINVAL: no seccomp in the kernel). */
  public int seccompMode() {
    return check(libc.prctl(Linux.PR_GET_SECCOMP, 0, 0, 0, 0), "prctl(PR_GET_SECCOMP)");
  }

  /**
   * A new userfaultfd ({@code O_CLOEXEC | O_NONBLOCK}).
   *
   * @param userModeOnly with {@code UFFD_USER_MODE_ONLY}: handles faults in user space only,
   *     which an unprivileged process may ask for when {@code vm.unprivileged_userfaultfd} is 0
   */
  public Fd userfaultfd(boolean userModeOnly) {
    long number = Linux.userfaultfdSyscall(arch);
    String call = "userfaultfd(" + (userModeOnly ? "UFFD_USER_MODE_ONLY" : "0") + ")";
    if (number < 0) {
      throw new SyscallException(call, "ENOSYS", "no userfaultfd system call number known for " + arch);
    }
    int flags = Linux.O_CLOEXEC | Linux.O_NONBLOCK | (userModeOnly ? Linux.UFFD_USER_MODE_ONLY : 0);
    return new Fd(this, check(libc.syscall(number, flags, 0, 0), call), call);
  }

  /** {@code UFFDIO_API} on a fresh userfaultfd: the features and ioctls the kernel offers. */
  public UffdApi uffdApi(Fd userfaultfd) {
    Pointer api = Memory.allocateDirect(runtime, Linux.UFFDIO_API_SIZE, true);
    api.putLong(0, Linux.UFFD_API);
    api.putLong(8, 0);
    check(libc.ioctl(userfaultfd.number(), Linux.UFFDIO_API, api), "ioctl(UFFDIO_API)");
    return new UffdApi(api.getLong(0), api.getLong(8), api.getLong(16));
  }

  /**
   * {@code PAGEMAP_SCAN} over {@code [start, end)} with no output vector, on an open
   * {@code /proc/self/pagemap}; returns the number of regions found (0 for an empty range).
   * ENOTTY: the kernel predates the ioctl (6.7).
   */
  public long pagemapScan(Fd pagemap, long start, long end) {
    Pointer arg = Memory.allocateDirect(runtime, Linux.PM_SCAN_ARG_SIZE, true);
    arg.putLong(0, Linux.PM_SCAN_ARG_SIZE);
    arg.putLong(16, start);
    arg.putLong(24, end);
    return check(libc.ioctl(pagemap.number(), Linux.PAGEMAP_SCAN, arg), "ioctl(PAGEMAP_SCAN)");
  }

  private int check(long result, String call) {
    if (result < 0) {
      int number = runtime.getLastError();
      Errno errno = Errno.valueOf(number);
      String name = errno.defined() ? errno.name() : "errno " + number;
      String description = errno.defined() ? errno.description() : "unknown error";
      throw new SyscallException(call, name, description);
    }
    return (int) result;
  }
}
