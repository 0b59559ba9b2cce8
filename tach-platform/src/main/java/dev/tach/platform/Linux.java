package dev.tach.platform;

/**
 * The kernel's numbers this module uses, named as in the kernel headers. Defined here rather
 * than read from the installed headers, which may predate them (Landlock, userfaultfd's
 * WP_ASYNC, PAGEMAP_SCAN).
 */
final class Linux {
  private Linux() {}

  // <asm/unistd_64.h> (x86_64); <asm-generic/unistd.h> (aarch64). Calls from 424 on share
  // their number across architectures.
  static final long SYS_USERFAULTFD_X86_64 = 323;
  static final long SYS_USERFAULTFD_AARCH64 = 282;
  static final long SYS_LANDLOCK_CREATE_RULESET = 444;

  // <fcntl.h> (the same on x86_64 and aarch64)
  static final int O_RDONLY = 0;
  static final int O_NONBLOCK = 0x800;
  static final int O_CLOEXEC = 0x80000;

  // <linux/prctl.h>
  static final int PR_GET_SECCOMP = 21;

  // <linux/landlock.h>
  static final long LANDLOCK_CREATE_RULESET_VERSION = 1L << 0;

  // <linux/userfaultfd.h>
  static final int UFFD_USER_MODE_ONLY = 1;
  static final long UFFD_API = 0xAA;
  static final long UFFD_FEATURE_PAGEFAULT_FLAG_WP = 1L << 0;
  static final long UFFD_FEATURE_WP_HUGETLBFS_SHMEM = 1L << 12;
  static final long UFFD_FEATURE_WP_UNPOPULATED = 1L << 13;
  static final long UFFD_FEATURE_WP_ASYNC = 1L << 15;
  /** struct uffdio_api { __u64 api; __u64 features; __u64 ioctls; }. */
  static final int UFFDIO_API_SIZE = 24;
  static final long UFFDIO_API = iowr(0xAA, 0x3F, UFFDIO_API_SIZE);

  // <linux/fs.h>
  /** struct pm_scan_arg: twelve __u64 (size, flags, start, end, walk_end, vec, ...). */
  static final int PM_SCAN_ARG_SIZE = 96;
  static final long PAGEMAP_SCAN = iowr('f', 16, PM_SCAN_ARG_SIZE);

  /** {@code _IOWR(type, nr, size)} of {@code <asm-generic/ioctl.h>}: read and write. */
  static long iowr(int type, int nr, int size) {
    long readWrite = 3L;
    return (readWrite << 30) | ((long) size << 16) | ((long) type << 8) | nr;
  }

  /** The userfaultfd system call's number on this machine, or -1 when not known. */
  static long userfaultfdSyscall(String arch) {
    switch (arch) {
      case "amd64":
      case "x86_64":
        return SYS_USERFAULTFD_X86_64;
      case "aarch64":
        return SYS_USERFAULTFD_AARCH64;
      default:
        return -1;
    }
  }
}
