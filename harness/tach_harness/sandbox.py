"""The sandbox of workers and test children (ARCHITECTURE.md, "Sandbox backends").

`probe()` says what this kernel and user allow. A policy (made by a Java backend, sent
with the zygote's `spawn`) is applied in two layers:

the worker, once, right after it is forked (`WorkerSandbox.enter`):
  1. unshare(CLONE_NEWNS | CLONE_NEWNET), after CLONE_NEWUSER when not root
  2. mount(NULL, "/", NULL, MS_REC | MS_PRIVATE): nothing propagates to the machine
  3. a tmpfs on policy["scratch"]; overlays over policy["overlays"] (the project, /tmp)
     whose upper/work dirs live on it; a fresh /dev/shm
  4. IFF_UP on `lo` in the new network namespace

each test child, right after fork (`ChildSandbox.apply`):
  5. unshare(CLONE_NEWNS); a tmpfs on scratch/test; overlays stacked on the worker's;
     a fresh /dev/shm: the test's writes vanish when it exits
  6. Landlock: read+execute everywhere, writes beneath policy["landlock"]["writable"]
     and to existing nodes in /dev; PR_SET_NO_NEW_PRIVS; landlock_restrict_self
  7. seccomp: a classic BPF filter answering EPERM to policy["seccomp_deny"]

The network namespace belongs to the worker, not the test: a server a session fixture
starts in the worker is reachable from its tests, while two workers never share ports.
Landlock and seccomp confine only test children: a confined process could not mount the
next test's layer. Mount work is only ever done inside a mount namespace this code
created, never in the one the worker shares with the machine.

Everything goes through ctypes: the stdlib has no binding for unshare's flags, mount,
prctl, Landlock or seccomp. Constants carry their kernel-header names and are defined
here, since the installed headers may predate Landlock ABI 7.
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import time
from typing import Any, Callable

# -- kernel constants ------------------------------------------------------------------

# <linux/sched.h>
CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWTIME = 0x00000080
# CLONE_NEWTIME is left out: clone(2) reads that bit as part of the exit signal.
NAMESPACE_FLAGS = (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC
                   | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

# <linux/mount.h>
MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

# <linux/prctl.h>
PR_GET_SECCOMP = 21
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38

# <linux/seccomp.h>
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_DATA = 0x0000FFFF

# <linux/audit.h>
AUDIT_ARCH_X86_64 = 0xC000003E

# <linux/filter.h> / <linux/bpf_common.h>
BPF_LD = 0x00
BPF_JMP = 0x05
BPF_RET = 0x06
BPF_W = 0x00
BPF_ABS = 0x20
BPF_JEQ = 0x10
BPF_JGE = 0x30
BPF_JSET = 0x40
BPF_K = 0x00

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6];
SECCOMP_DATA_NR = 0
SECCOMP_DATA_ARCH = 4
SECCOMP_DATA_ARGS = 16  # args[0]; its low 32 bits on little-endian x86_64

# <asm/unistd_64.h>: x32 syscalls share AUDIT_ARCH_X86_64 but set this bit.
X32_SYSCALL_BIT = 0x40000000

# <linux/landlock.h>
LANDLOCK_CREATE_RULESET_VERSION = 1 << 0
LANDLOCK_RULE_PATH_BENEATH = 1
LANDLOCK_ACCESS_FS_EXECUTE = 1 << 0
LANDLOCK_ACCESS_FS_WRITE_FILE = 1 << 1
LANDLOCK_ACCESS_FS_READ_FILE = 1 << 2
LANDLOCK_ACCESS_FS_READ_DIR = 1 << 3
LANDLOCK_ACCESS_FS_REMOVE_DIR = 1 << 4
LANDLOCK_ACCESS_FS_REMOVE_FILE = 1 << 5
LANDLOCK_ACCESS_FS_MAKE_CHAR = 1 << 6
LANDLOCK_ACCESS_FS_MAKE_DIR = 1 << 7
LANDLOCK_ACCESS_FS_MAKE_REG = 1 << 8
LANDLOCK_ACCESS_FS_MAKE_SOCK = 1 << 9
LANDLOCK_ACCESS_FS_MAKE_FIFO = 1 << 10
LANDLOCK_ACCESS_FS_MAKE_BLOCK = 1 << 11
LANDLOCK_ACCESS_FS_MAKE_SYM = 1 << 12
LANDLOCK_ACCESS_FS_REFER = 1 << 13  # ABI 2
LANDLOCK_ACCESS_FS_TRUNCATE = 1 << 14  # ABI 3
LANDLOCK_ACCESS_FS_IOCTL_DEV = 1 << 15  # ABI 5

# <linux/sockios.h>, <linux/if.h>
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1
IFNAMSIZ = 16

# <asm/unistd_64.h>
SYS_ptrace = 101
SYS_pivot_root = 155
SYS_mount = 165
SYS_umount2 = 166
SYS_swapon = 167
SYS_swapoff = 168
SYS_reboot = 169
SYS_init_module = 175
SYS_delete_module = 176
SYS_kexec_load = 246
SYS_add_key = 248
SYS_request_key = 249
SYS_keyctl = 250
SYS_unshare = 272
SYS_open_by_handle_at = 304
SYS_setns = 308
SYS_process_vm_writev = 311
SYS_finit_module = 313
SYS_kexec_file_load = 320
SYS_bpf = 321
SYS_clone = 56
SYS_open_tree = 428
SYS_move_mount = 429
SYS_fsopen = 430
SYS_fsconfig = 431
SYS_fsmount = 432
SYS_fspick = 433
SYS_clone3 = 435
SYS_mount_setattr = 442
SYS_landlock_create_ruleset = 444
SYS_landlock_add_rule = 445
SYS_landlock_restrict_self = 446

# -- derived tables --------------------------------------------------------------------

# Filesystem rights each Landlock ABI knows; the ruleset handles all of them.
_FS_RIGHTS_ABI1 = (1 << 13) - 1
_FS_RIGHTS_BY_ABI = {
    1: _FS_RIGHTS_ABI1,
    2: _FS_RIGHTS_ABI1 | LANDLOCK_ACCESS_FS_REFER,
    3: _FS_RIGHTS_ABI1 | LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE,
    4: _FS_RIGHTS_ABI1 | LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE,
}
_FS_RIGHTS_ABI5 = _FS_RIGHTS_BY_ABI[4] | LANDLOCK_ACCESS_FS_IOCTL_DEV  # unchanged in 6, 7

# Rights that make sense on a regular file (Landlock refuses the others on non-dirs).
_FILE_RIGHTS = (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE
                | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE
                | LANDLOCK_ACCESS_FS_IOCTL_DEV)
_READ_EXECUTE = (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE
                 | LANDLOCK_ACCESS_FS_READ_DIR)
# /dev: use existing device nodes (/dev/null, /dev/tty, ...), create nothing there.
_DEV_RIGHTS = (_READ_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE
               | LANDLOCK_ACCESS_FS_IOCTL_DEV)

# The system calls a policy may deny, by name (its "seccomp_deny"). Denying "unshare" also
# denies clone with namespace flags, and clone3, whose flags a filter cannot read.
SYSCALL_NUMBERS = {name[4:]: number for name, number in dict(globals()).items()
                   if name.startswith("SYS_") and not name.startswith("SYS_landlock")
                   and name not in ("SYS_clone", "SYS_clone3")}

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                        ctypes.c_ulong, ctypes.c_char_p)
_libc.prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                        ctypes.c_ulong)
_libc.unshare.argtypes = (ctypes.c_int,)
_libc.socket.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
_libc.ioctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_char_p)
_libc.close.argtypes = (ctypes.c_int,)

_ADD_RULE = ctypes.c_long(SYS_landlock_add_rule)
_RESTRICT_SELF = ctypes.c_long(SYS_landlock_restrict_self)
_RULE_PATH_BENEATH = ctypes.c_long(LANDLOCK_RULE_PATH_BENEATH)
_ZERO = ctypes.c_long(0)


class SandboxError(OSError):
    """A step of the policy could not be applied; str() is one line naming the step."""

    def __str__(self) -> str:
        return str(self.strerror)

    @classmethod
    def of(cls, step: str, error: OSError) -> "SandboxError":
        if isinstance(error, SandboxError):
            return error
        number = error.errno or errno.EPERM
        if (error.strerror or "").find(errno_name(number)) >= 0:
            detail = str(error.strerror or error)
        else:
            where = f" ({error.filename})" if error.filename else ""
            detail = f"{errno_name(number)}: {error.strerror}{where}"
        return cls(number, f"{step}: {detail}")


# -- small helpers ---------------------------------------------------------------------

def errno_name(number: int) -> str:
    """EPERM, EACCES, ...: the name of an errno value (or the number if unknown)."""
    return errno.errorcode.get(number, str(number))


def _fail(what: str) -> OSError:
    """An OSError for the last libc failure, its message led by the errno name."""
    number = ctypes.get_errno()
    return OSError(number, f"{what}: {errno_name(number)} ({os.strerror(number)})")


def _check(result: int, what: str) -> int:
    """`result`, or the OSError for errno when it is negative."""
    if result < 0:
        raise _fail(what)
    return result


def _syscall(number: int, *args: Any) -> int:
    """syscall(2) for calls libc has no wrapper for (Landlock)."""
    return _libc.syscall(ctypes.c_long(number), *args)


def _prctl(option: int, arg2: int = 0) -> int:
    result = _libc.prctl(option, arg2, 0, 0, 0)
    if result < 0:
        raise _fail(f"prctl({option}, {arg2})")
    return result


def _unshare(flags: int) -> None:
    if _libc.unshare(flags) != 0:
        raise _fail(f"unshare({flags:#x})")


# -- probe -----------------------------------------------------------------------------

def landlock_abi() -> int:
    """The Landlock ABI version of this kernel (OSError when Landlock is unavailable)."""
    return _check(_syscall(SYS_landlock_create_ruleset, None, ctypes.c_size_t(0),
                           ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION)),
                  "landlock_create_ruleset(VERSION)")


def _probe_landlock() -> tuple[int, str | None]:
    try:
        return landlock_abi(), None
    except OSError as error:
        return 0, str(error)


def _probe_seccomp() -> tuple[bool, str | None]:
    try:
        _prctl(PR_GET_SECCOMP)
        return True, None
    except OSError as error:
        return False, str(error)


def _namespace_flags() -> int:
    flags = CLONE_NEWNS | CLONE_NEWNET
    return flags if os.geteuid() == 0 else flags | CLONE_NEWUSER


def _probe_namespaces() -> tuple[bool, str | None]:
    """Try the unshare in a throwaway child: doing it here would change this process."""
    flags = _namespace_flags()
    try:
        pid = os.fork()
    except OSError as error:
        return False, f"fork: {errno_name(error.errno or 0)}"
    if pid == 0:
        code = 0 if _libc.unshare(flags) == 0 else ctypes.get_errno()
        os._exit(min(code, 255))
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return True, None
    reason = errno_name(code) if code > 0 else f"child killed by signal {-code}"
    return False, f"unshare({flags:#x}): {reason}"


def _probe_overlayfs() -> tuple[bool, str | None]:
    try:
        with open("/proc/filesystems") as listing:
            names = {line.split()[-1] for line in listing if line.strip()}
    except OSError as error:
        return False, f"/proc/filesystems: {errno_name(error.errno or 0)}"
    if "overlay" in names:
        return True, None
    return False, "overlay not in /proc/filesystems (module not loaded or not built)"


def probe() -> dict[str, Any]:
    """What this kernel/user allows: {"landlock_abi": int, "seccomp": bool,
    "namespaces": bool, "user_namespace": bool (namespaces need one: not root),
    "overlayfs": bool, "reasons": {feature: one line}}.

    A feature missing from "reasons" is available. Never raises.
    """
    found: dict[str, Any] = {"reasons": {}, "user_namespace": os.geteuid() != 0}
    probes: dict[str, Callable[[], tuple[Any, str | None]]] = {
        "landlock_abi": _probe_landlock, "seccomp": _probe_seccomp,
        "namespaces": _probe_namespaces, "overlayfs": _probe_overlayfs,
    }
    for name, check in probes.items():
        try:
            value, reason = check()
        except Exception as error:  # never raise, whatever the platform does
            value, reason = (0 if name == "landlock_abi" else False), repr(error)
        found[name] = value
        if reason is not None:
            found["reasons"][name] = reason
    return found


# -- apply: the steps ------------------------------------------------------------------

class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def fs_rights(abi: int) -> int:
    """All filesystem access rights Landlock ABI `abi` knows."""
    return _FS_RIGHTS_BY_ABI.get(abi, _FS_RIGHTS_ABI5)


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8),
                ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _stmt(code: int, k: int) -> tuple[int, int, int, int]:
    return (code, 0, 0, k)


def _jump(code: int, k: int, jt: int, jf: int) -> tuple[int, int, int, int]:
    return (code, jt, jf, k)


def seccomp_program(denied: tuple[int, ...], namespaces_too: bool = True) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions.

    Other architectures (i386 via int 0x80) are killed; x32 calls are denied; `denied`
    answer EPERM; with `namespaces_too`, clone with namespace flags answers EPERM and
    clone3 (whose flags sit in memory a filter cannot read) ENOSYS, so libc falls back to
    clone; the rest is allowed.
    """
    deny = SECCOMP_RET_ERRNO | (errno.EPERM & SECCOMP_RET_DATA)
    enosys = SECCOMP_RET_ERRNO | (errno.ENOSYS & SECCOMP_RET_DATA)
    body = [_jump(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 0) for nr in denied]
    # Layout after the header: x32 check, denied..., clone3 check (2), clone check (3),
    # ALLOW, DENY; a match in the body jumps to DENY.
    program = [
        _stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARCH),
        _jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        _stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        _stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
    ]
    clone_checks = [
        _jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
        _stmt(BPF_RET | BPF_K, enosys),
        _jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 2),
        _stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARGS),
        _jump(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, 1, 0),
    ]
    tail = (clone_checks if namespaces_too else []) + [
        _stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        _stmt(BPF_RET | BPF_K, deny),
    ]
    x32 = _jump(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 0)
    body = [x32] + body
    for index, (code, _, _, k) in enumerate(body):
        to_deny = len(body) - index - 1 + len(tail) - 1  # instructions skipped on a match
        body[index] = _jump(code, k, to_deny, 0)
    return program + body + tail


def _overlay_options(lower: str, upper: str, work: str, userxattr: bool) -> bytes:
    for path in (lower, upper, work):
        if "," in path or ":" in path:
            raise SandboxError(errno.EINVAL, f"overlays: a path with ',' or ':' cannot be overlaid: {path}")
    options = f"lowerdir={lower},upperdir={upper},workdir={work}"
    return os.fsencode(options + ",userxattr" if userxattr else options)


def _beneath(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


class Policy:
    """The wire form of a policy (docs/sandbox.md), checked."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.backend = str(data.get("backend", "?"))
        self.namespaces = bool(data.get("namespaces", False))
        self.overlays = [os.path.realpath(p) for p in data.get("overlays") or []]
        self.loopback = bool(data.get("loopback", False))
        landlock = data.get("landlock")
        self.landlock_writable: list[str] | None = (
            None if landlock is None else [os.path.realpath(p) for p in landlock.get("writable") or []])
        self.seccomp_deny: list[str] = list(data.get("seccomp_deny") or [])
        unknown = [name for name in self.seccomp_deny if name not in SYSCALL_NUMBERS]
        if unknown:
            raise SandboxError(errno.EINVAL, f"seccomp: unknown system calls {', '.join(unknown)}")
        self.scratch = os.path.realpath(str(data.get("scratch") or ""))
        if (self.overlays or self.loopback) and not self.namespaces:
            raise SandboxError(errno.EINVAL, "overlays and loopback need namespaces")
        if self.overlays and not data.get("scratch"):
            raise SandboxError(errno.EINVAL, 'overlays: the policy has no "scratch"')


class WorkerSandbox:
    """The worker's layer: entered once, right after the worker is forked.

    The worker gets its own user (when not root), mount and network namespaces, a tmpfs on
    the scratch directory, overlays over the policy's directories whose upper layers live
    on it, a private /dev/shm and `lo` up. Everything the worker does (higher-scoped
    fixtures, servers they start) lives there: its test children can reach its servers,
    other workers cannot collide with them, and every write vanishes with the worker.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.as_root = os.geteuid() == 0
        self.entered = False

    def enter(self) -> None:
        """Confine the calling (single-threaded, freshly forked) worker; SandboxError on failure."""
        policy = self.policy
        if not policy.namespaces:
            self.entered = True
            return
        try:
            os.makedirs(policy.scratch, 0o700, exist_ok=True)
            self._unshare()
            _mount_raw(None, b"/", None, MS_REC | MS_PRIVATE, None)
        except OSError as error:
            raise SandboxError.of("namespaces", error) from error
        try:
            if policy.overlays:
                self._mount_layer()
        except OSError as error:
            raise SandboxError.of("overlays", error) from error
        if policy.loopback:
            try:
                _loopback_up()
            except OSError as error:
                raise SandboxError.of("loopback", error) from error
        self.entered = True

    def _unshare(self) -> None:
        if not self.as_root:
            uid, gid = os.geteuid(), os.getegid()
            _unshare(CLONE_NEWUSER)
            for path, text in ((b"/proc/self/setgroups", b"deny"), (b"/proc/self/uid_map", b"0 %d 1" % uid),
                               (b"/proc/self/gid_map", b"0 %d 1" % gid)):
                fd = os.open(path, os.O_WRONLY)
                try:
                    os.write(fd, text)
                finally:
                    os.close(fd)
        _unshare(CLONE_NEWNS | CLONE_NEWNET)

    def _mount_layer(self) -> None:
        """tmpfs on scratch, overlays on it, scratch put back where an overlay hid it."""
        scratch = self.policy.scratch
        _mount_raw(b"tmpfs", os.fsencode(scratch), b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=0700")
        holder = os.open(scratch, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.mkdir(os.path.join(scratch, "test"), 0o700)
            for index, target in enumerate(self.policy.overlays):
                upper, work = (os.path.join(scratch, "worker", str(index), part) for part in ("upper", "work"))
                os.makedirs(upper, 0o700)
                os.makedirs(work, 0o700)
                _mount_raw(b"overlay", os.fsencode(target), b"overlay", MS_NOSUID,
                           _overlay_options(target, upper, work, not self.as_root))
            if any(_beneath(scratch, target) for target in self.policy.overlays):
                # The overlay shows the lower directory's (empty) scratch; bind the tmpfs
                # back so that test children find their mount point.
                _mount_raw(b"/proc/self/fd/%d" % holder, os.fsencode(scratch), None, MS_BIND, None)
        finally:
            os.close(holder)
        if os.path.isdir("/dev/shm"):
            _mount_raw(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=1777")
        _reenter_cwd()

    def for_children(self, native: bool = True) -> "ChildSandbox":
        """The test children's layer, prepared once (after `enter`); `native=False` forces
        the Python implementation (libtach.so is used when present otherwise)."""
        return ChildSandbox(self.policy, self.as_root, stacked=self.entered and self.policy.namespaces, native=native)


class _Mount(ctypes.Structure):
    _fields_ = [("source", ctypes.c_char_p), ("target", ctypes.c_char_p), ("fstype", ctypes.c_char_p),
                ("flags", ctypes.c_ulong), ("data", ctypes.c_char_p)]


class _LandlockRule(ctypes.Structure):
    _fields_ = [("path", ctypes.c_char_p), ("allowed_access", ctypes.c_uint64)]


class _ChildLayer(ctypes.Structure):  # struct tach_child_layer, native/src/tach_sandbox.c
    _fields_ = [("mount_count", ctypes.c_int), ("mounts", ctypes.POINTER(_Mount)),
                ("directory_count", ctypes.c_int), ("directories", ctypes.POINTER(ctypes.c_char_p)),
                ("landlock_handled", ctypes.c_uint64), ("landlock_rule_count", ctypes.c_int),
                ("landlock_rules", ctypes.POINTER(_LandlockRule)), ("seccomp_program", ctypes.c_void_p),
                ("test_root_fd", ctypes.c_int)]


_NATIVE_STEPS = ("mounts: unshare(CLONE_NEWNS)", "mounts: mount tmpfs", "mounts: mkdir", "mounts: mount",
                 "prctl(PR_SET_NO_NEW_PRIVS)", "landlock: landlock_restrict_self",
                 "seccomp: prctl(PR_SET_SECCOMP)", "landlock: landlock_create_ruleset",
                 "landlock: landlock_add_rule", "mounts: chdir")


def native_library() -> ctypes.CDLL | None:
    """native/'s libtach.so: shipped inside the package (_native/), or the build tree's."""
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.path.join(here, "_native", "libtach.so"),
                 os.path.join(here, "..", "..", "native", "target", "lib", "libtach.so")):
        if os.path.isfile(path):
            try:
                library = ctypes.CDLL(path, use_errno=True)
            except OSError:
                continue
            library.tach_apply_child_layer.argtypes = (ctypes.POINTER(_ChildLayer), ctypes.POINTER(ctypes.c_int))
            library.tach_apply_child_layer.restype = ctypes.c_int
            return library
    return None


class ChildSandbox:
    """A test child's layer, applied right after fork; built once per worker.

    A fresh mount namespace with a tmpfs and overlays stacked on the worker's (the test's
    writes vanish when it exits), then Landlock and the seccomp filter. Everything is made
    here, in the worker: strings, mount arguments, Landlock rules, the BPF program. The
    Landlock ruleset itself is built in the child, after its mounts: a rule names an inode,
    and Landlock does not look through a mount point to the directory beneath, so rules on
    the worker's overlay roots would not cover the child's. The child then only makes the
    system calls, through native/'s libtach.so when it is there (a copy-on-write fault
    costs 20-40 µs on a small VM, and Python code takes many).
    """

    def __init__(self, policy: Policy, as_root: bool, stacked: bool, native: bool = True) -> None:
        self.policy = policy
        self.timings: dict[str, float] | None = None
        self.python_test_root_fd: int | None = None  # set in the child by step_mounts
        self.mounts: list[tuple[bytes | None, bytes, bytes | None, int, bytes | None]] = []
        self.directories: list[bytes] = []
        if stacked and policy.overlays:
            scratch = os.path.join(policy.scratch, "test")
            self.mounts.append((b"tmpfs", os.fsencode(scratch), b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=0700"))
            for index, target in enumerate(policy.overlays):
                upper, work = (os.path.join(scratch, str(index), part) for part in ("upper", "work"))
                self.directories += [os.fsencode(os.path.join(scratch, str(index))), os.fsencode(upper),
                                     os.fsencode(work)]
                self.mounts.append((b"overlay", os.fsencode(target), b"overlay", MS_NOSUID,
                                    _overlay_options(target, upper, work, not as_root)))
        self._prepare_landlock(policy.landlock_writable)
        self._prepare_seccomp(policy.seccomp_deny)
        self.native = native_library() if native else None
        if self.native is not None:
            self._prepare_native()
        for name in ("unshare", "mount", "prctl", "syscall"):
            getattr(_libc, name)  # resolve the symbols here, not in every child

    def _prepare_landlock(self, writable: list[str] | None) -> None:
        """(path, access) rules; read+execute everywhere, writes beneath `writable` and to
        existing nodes in /dev."""
        self.landlock_handled, self.landlock_rules, self.landlock_error = 0, [], ""
        if writable is None:
            return
        try:
            self.landlock_handled = fs_rights(landlock_abi())
        except OSError as error:
            self.landlock_error = f"landlock: {error.strerror or error}"
            return
        rules = [("/", _READ_EXECUTE), ("/dev", _DEV_RIGHTS & self.landlock_handled)]
        rules += [(path, self.landlock_handled) for path in writable]
        self.landlock_rules = [(os.fsencode(path), access if os.path.isdir(path) else access & _FILE_RIGHTS)
                               for path, access in rules]
        self.ruleset_attr = _RulesetAttr(self.landlock_handled, 0, 0)
        # The syscall() arguments, as ctypes objects: it is variadic, so no argtypes.
        self.create_ruleset_args = (
            ctypes.c_long(SYS_landlock_create_ruleset), ctypes.c_void_p(ctypes.addressof(self.ruleset_attr)),
            ctypes.c_size_t(ctypes.sizeof(self.ruleset_attr)), _ZERO)
        self.rule_attrs = [(path, _PathBeneathAttr(access, -1)) for path, access in self.landlock_rules]
        self.rule_attrs = [(path, attr, ctypes.c_void_p(ctypes.addressof(attr))) for path, attr in self.rule_attrs]

    def _prepare_seccomp(self, deny: list[str]) -> None:
        self.seccomp_prog_address = 0
        if not deny:
            return
        names = set(deny)
        instructions = seccomp_program(tuple(SYSCALL_NUMBERS[name] for name in deny),
                                       namespaces_too="unshare" in names)
        self.seccomp_filter = (_SockFilter * len(instructions))(*[_SockFilter(*i) for i in instructions])
        self.seccomp_prog = _SockFprog(len(instructions), self.seccomp_filter)
        self.seccomp_prog_address = ctypes.addressof(self.seccomp_prog)

    def _prepare_native(self) -> None:
        self.native_mounts = (_Mount * max(1, len(self.mounts)))(*[_Mount(*m) for m in self.mounts])
        self.native_directories = (ctypes.c_char_p * max(1, len(self.directories)))(*self.directories)
        self.native_rules = (_LandlockRule * max(1, len(self.landlock_rules)))(
            *[_LandlockRule(path, access) for path, access in self.landlock_rules])
        self.native_layer = _ChildLayer(len(self.mounts), self.native_mounts, len(self.directories),
                                        self.native_directories, self.landlock_handled, len(self.landlock_rules),
                                        self.native_rules, self.seccomp_prog_address or None, -1)
        self.native_layer_ref = ctypes.byref(self.native_layer)
        self.native_step = ctypes.c_int(0)
        self.native_step_ref = ctypes.byref(self.native_step)

    @property
    def confines(self) -> bool:
        """Whether a test child has anything to apply."""
        return bool(self.mounts or self.landlock_handled or self.landlock_error or self.seccomp_prog_address)

    # -- in the child -------------------------------------------------------------------

    @property
    def test_root_fd(self) -> int | None:
        """In the child after apply(): an O_PATH fd of the tmpfs holding this test's upper
        layers (reachable even where an overlay hides its path), or None."""
        if self.native is not None and self.timings is None:
            fd = self.native_layer.test_root_fd
            return fd if fd >= 0 else None
        return self.python_test_root_fd

    def apply(self) -> None:
        """Confine the calling test child; SandboxError names the step that failed."""
        if self.native is not None and self.timings is None:
            number = self.native.tach_apply_child_layer(self.native_layer_ref, self.native_step_ref)
            if number:
                step = self.native_step.value
                what = _NATIVE_STEPS[min(step % 100, len(_NATIVE_STEPS) - 1)]
                if step >= 100:
                    index = step // 100
                    names = self.landlock_rules if step % 100 == 8 else [(m[1],) for m in self.mounts]
                    what += " " + os.fsdecode(names[index][0])
                raise SandboxError(number, f"{what}: {errno_name(number)} ({os.strerror(number)})")
        else:
            self._apply_in_python()
        if self.landlock_error:
            raise SandboxError(errno.EOPNOTSUPP, self.landlock_error)

    def _apply_in_python(self) -> None:
        timings = self.timings
        for step in ("mounts", "landlock", "seccomp"):
            started = time.perf_counter() if timings is not None else 0.0
            try:
                getattr(self, "step_" + step)()
            except OSError as error:
                raise SandboxError.of(step, error) from error
            if timings is not None:
                timings[step] = time.perf_counter() - started

    def step_mounts(self) -> None:
        if not self.mounts:
            return
        _unshare(CLONE_NEWNS)
        tmpfs = self.mounts[0]
        _mount_raw(*tmpfs)
        # The upper layers stay reachable (--report-leaks) through this fd even where an
        # overlay mounted below hides the path.
        self.python_test_root_fd = os.open(tmpfs[1], os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        for directory in self.directories:
            os.mkdir(directory, 0o700)
        for mount in self.mounts[1:]:
            _mount_raw(*mount)
        _reenter_cwd()

    def step_landlock(self) -> None:
        """Read+execute everywhere, writes only beneath the writable paths and /dev."""
        if not self.landlock_handled:
            return
        ruleset = _libc.syscall(*self.create_ruleset_args)
        if ruleset < 0:
            raise _fail("landlock_create_ruleset")
        try:
            fd_arg = ctypes.c_long(ruleset)
            for path, attr, attr_address in self.rule_attrs:
                _add_rule(fd_arg, path, attr, attr_address)
            _prctl(PR_SET_NO_NEW_PRIVS, 1)
            if _libc.syscall(_RESTRICT_SELF, fd_arg, _ZERO) != 0:
                raise _fail("landlock_restrict_self")
        finally:
            os.close(ruleset)

    def step_seccomp(self) -> None:
        """Install the filter (NO_NEW_PRIVS first, or the kernel wants CAP_SYS_ADMIN)."""
        if not self.seccomp_prog_address:
            return
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, self.seccomp_prog_address, 0, 0):
            raise _fail("prctl(PR_SET_SECCOMP)")


def _reenter_cwd() -> None:
    """Resolve the working directory again, through the overlays just mounted.

    A process keeps the directory it was in, not its path: without this a test's relative
    writes ("out.txt" in the project it runs in) would go beneath the overlay, to the real
    project.
    """
    try:
        os.chdir(os.getcwd())
    except OSError:
        pass


_IFREQ = ctypes.create_string_buffer(b"lo", IFNAMSIZ + 24)  # struct ifreq
_IFREQ_FLAGS = ctypes.c_ushort.from_buffer(_IFREQ, IFNAMSIZ)


def _loopback_up() -> None:
    """Bring `lo` up in a new network namespace (it starts down)."""
    fd = _libc.socket(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC, 0)
    if fd < 0:
        raise _fail("socket(AF_INET, SOCK_DGRAM)")
    try:
        if _libc.ioctl(fd, SIOCGIFFLAGS, _IFREQ) != 0:
            raise _fail("ioctl(lo, SIOCGIFFLAGS)")
        _IFREQ_FLAGS.value |= IFF_UP
        if _libc.ioctl(fd, SIOCSIFFLAGS, _IFREQ) != 0:
            raise _fail("ioctl(lo, SIOCSIFFLAGS)")
    finally:
        _libc.close(fd)


def _mount_raw(source: bytes | None, target: bytes, fstype: bytes | None, flags: int,
               data: bytes | None) -> None:
    if _libc.mount(source, target, fstype, flags, data) != 0:
        raise _fail(f"mount {(fstype or b'flags').decode()} on {os.fsdecode(target)}")


def _add_rule(ruleset: ctypes.c_long, path: bytes, attr: _PathBeneathAttr,
              attr_address: ctypes.c_void_p) -> None:
    """Allow attr.allowed_access beneath `path` (skipped when the path does not exist)."""
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        attr.parent_fd = fd
        if _libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, attr_address, _ZERO) != 0:
            raise _fail(f"landlock_add_rule({os.fsdecode(path)})")
    finally:
        os.close(fd)


def worker_sandbox(policy: dict[str, Any]) -> WorkerSandbox:
    """The worker's layer for a wire policy (SandboxError when the policy is malformed)."""
    return WorkerSandbox(Policy(policy))
