package dev.tach.platform.libc;

import dev.tach.api.Api;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions Tach calls from Java, bound by jnr-ffi. Only {@link dev.tach.platform.Os}
 * calls them; everything else goes through that facade.
 */
@Api(Api.Status.INTERNAL)
public interface LibC {

  /** {@code syscall(2)}, for calls libc has no wrapper for (Landlock, userfaultfd). */
  @SaveError
  long syscall(long number, long arg1, long arg2, long arg3);

  @SaveError
  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  @SaveError
  int open(String path, int flags);

  @SaveError
  int close(int fd);

  @SaveError
  int ioctl(int fd, long request, Pointer argument);

  /** {@code struct utsname}: six fields of 65 bytes on Linux. */
  @SaveError
  int uname(@Out byte[] utsname);

  int getuid();

  int geteuid();
}
