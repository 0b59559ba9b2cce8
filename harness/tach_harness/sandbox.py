"""The sandbox a test child applies to itself right after fork (issue 4, first part).

`probe()` says what this kernel and user allow; `apply(policy)` confines the calling
process, step by step, in this order:

1. namespaces     unshare(CLONE_NEWNS | CLONE_NEWNET), after CLONE_NEWUSER when not root
2. private_mounts mount(NULL, "/", NULL, MS_REC | MS_PRIVATE)
3. overlays       a tmpfs on policy["scratch"], then overlays over policy["project"]
                  and /tmp whose upper/work dirs live on that tmpfs; a fresh /dev/shm
4. loopback       IFF_UP on `lo` in the new network namespace
5. landlock       read+execute everywhere, writes beneath /tmp, /dev/shm, the project,
                  policy["writable"] and to existing nodes in /dev;
                  PR_SET_NO_NEW_PRIVS; landlock_restrict_self
6. seccomp        a classic BPF filter that answers EPERM to mount/module/kexec/... calls

A policy is data::

    {"namespaces": True, "private_mounts": True, "overlays": True, "loopback": True,
     "landlock": True, "seccomp": {"required": True},
     "project": "/path/to/project", "scratch": "/run/tach/worker-3",
     "writable": ["/tmp/pytest-of-root"]}

A step is skipped when its key is missing or false, applied on a best-effort basis when
true (a failure becomes a warning), and raises `SandboxError` on failure when it is a
dict with "required": True. `prepare(policy)` before fork (once per worker) leaves the
child only the system calls: `apply(prepared)`. Mount work is only ever done inside a
mount namespace this call created, never in the one the worker shares with the machine.

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

# Syscalls that answer EPERM. ptrace is denied entirely: allowing a test to trace its
# own descendants would need the pid argument compared against the caller's children,
# which a classic BPF filter cannot do. The new mount API (open_tree ... mount_setattr)
# is denied with mount(2), or it would be a way around it.
DENIED_SYSCALLS = (
    SYS_mount, SYS_umount2, SYS_pivot_root, SYS_kexec_load, SYS_kexec_file_load,
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_bpf, SYS_reboot,
    SYS_swapon, SYS_swapoff, SYS_setns, SYS_keyctl, SYS_add_key, SYS_request_key,
    SYS_process_vm_writev, SYS_ptrace, SYS_unshare, SYS_open_by_handle_at,
    SYS_open_tree, SYS_move_mount, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick,
    SYS_mount_setattr,
)

STEPS = ("namespaces", "private_mounts", "overlays", "loopback", "landlock", "seccomp")

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
_RULE_PATH_BENEATH = ctypes.c_long(LANDLOCK_RULE_PATH_BENEATH)
_ZERO = ctypes.c_long(0)


class SandboxError(OSError):
    """A step the policy marks as required could not be applied."""


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
    "namespaces": bool, "overlayfs": bool, "reasons": {feature: one line}}.

    A feature missing from "reasons" is available. Never raises.
    """
    found: dict[str, Any] = {"reasons": {}}
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


def seccomp_program(denied: tuple[int, ...] = DENIED_SYSCALLS) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions.

    Other architectures (i386 via int 0x80) are killed; x32 calls are denied; `denied`
    answer EPERM; clone with namespace flags answers EPERM and clone3 (whose flags sit in
    memory a filter cannot read) ENOSYS, so libc falls back to clone; the rest is allowed.
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
    tail = [
        _jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
        _stmt(BPF_RET | BPF_K, enosys),
        _jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 2),
        _stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARGS),
        _jump(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, 1, 0),
        _stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        _stmt(BPF_RET | BPF_K, deny),
    ]
    x32 = _jump(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 0)
    body = [x32] + body
    for index, (code, _, _, k) in enumerate(body):
        to_deny = len(body) - index - 1 + len(tail) - 1  # instructions skipped on a match
        body[index] = _jump(code, k, to_deny, 0)
    return program + body + tail


def _writable_paths(policy: dict) -> list[str]:
    """/tmp, /dev/shm, the project and policy["writable"].

    Overlaid or not, tests must write there; when the overlays are missing, apply() has
    already warned that those writes persist.
    """
    paths = ["/tmp", "/dev/shm"]
    if policy.get("project"):
        paths.append(os.path.realpath(policy["project"]))
    paths.extend(policy.get("writable") or [])
    return paths


def _wanted(policy: dict, step: str) -> tuple[bool, bool]:
    """(enabled, required) for one step of the policy."""
    setting = policy.get(step)
    if isinstance(setting, dict):
        return bool(setting.get("enabled", True)), bool(setting.get("required", False))
    return bool(setting), False


def _overlay_options(lower: str, upper: str, work: str, userxattr: bool) -> bytes:
    for path in (lower, upper, work):
        if "," in path or ":" in path:
            raise ValueError(f"overlay path with ',' or ':': {path}")
    options = f"lowerdir={lower},upperdir={upper},workdir={work}"
    return os.fsencode(options + ",userxattr" if userxattr else options)


class Prepared:
    """A policy turned into ready-made bytes, structs and bound libc calls.

    Build it before fork (once per worker: the policy does not change between tests);
    `apply()` in the child then does little more than the system calls. On this
    machine a copy-on-write fault costs ~20 µs, so every Python object the child does
    not have to touch counts (docs/sandbox.md).
    """

    def __init__(self, policy: dict) -> None:
        self.steps: list[tuple[str, bool]] = []  # (step, required), in order
        for step in STEPS:
            enabled, required = _wanted(policy, step)
            if enabled:
                self.steps.append((step, required))
        self.as_root = os.geteuid() == 0
        self.id_maps = [(b"/proc/self/setgroups", b"deny"),
                        (b"/proc/self/uid_map", b"0 %d 1" % os.geteuid()),
                        (b"/proc/self/gid_map", b"0 %d 1" % os.getegid())]
        self._prepare_overlays(policy)
        self.ifreq = ctypes.create_string_buffer(b"lo", IFNAMSIZ + 24)  # struct ifreq
        self.ifreq_flags = ctypes.c_ushort.from_buffer(self.ifreq, IFNAMSIZ)
        self._prepare_landlock(policy)
        instructions = seccomp_program()
        self.seccomp_filter = (_SockFilter * len(instructions))(
            *[_SockFilter(*i) for i in instructions])
        self.seccomp_prog = _SockFprog(len(instructions), self.seccomp_filter)
        self.seccomp_prog_address = ctypes.addressof(self.seccomp_prog)
        self.timings: dict[str, float] | None = None
        for name in ("unshare", "mount", "prctl", "syscall", "socket", "ioctl", "close"):
            getattr(_libc, name)  # resolve the symbols here, not in every child

    def _prepare_overlays(self, policy: dict) -> None:
        scratch = policy.get("scratch")
        self.scratch = os.fsencode(scratch) if scratch else None
        self.directories: list[bytes] = []
        self.overlays: list[tuple[bytes, bytes]] = []
        self.overlay_error: str | None = None if scratch else 'policy has no "scratch"'
        self.dev_shm = os.path.isdir("/dev/shm")
        project = policy.get("project")
        targets = [("project", os.path.realpath(project))] if project else []
        for name, target in targets + [("tmp", "/tmp")]:
            upper = os.path.join(scratch or "", name, "upper")
            work = os.path.join(scratch or "", name, "work")
            self.directories += [os.fsencode(os.path.join(scratch or "", name)),
                                 os.fsencode(upper), os.fsencode(work)]
            try:
                options = _overlay_options(target, upper, work, os.geteuid() != 0)
            except ValueError as error:
                self.overlay_error = str(error)
                continue
            self.overlays.append((os.fsencode(target), options))

    def _prepare_landlock(self, policy: dict) -> None:
        try:
            self.landlock_abi = landlock_abi()
        except OSError as error:
            self.landlock_abi, self.landlock_error = 0, str(error)
        handled = fs_rights(self.landlock_abi)
        self.ruleset_attr = _RulesetAttr(handled, 0, 0)
        rules = [("/", _READ_EXECUTE), ("/dev", _DEV_RIGHTS & handled)]
        rules += [(path, handled) for path in _writable_paths(policy)]
        self.rule_attrs = []
        for path, access in rules:
            attr = _PathBeneathAttr(access if os.path.isdir(path) else access & _FILE_RIGHTS, -1)
            address = ctypes.c_void_p(ctypes.addressof(attr))
            self.rule_attrs.append((os.fsencode(path), attr, address))
        # The syscall() arguments, as ctypes objects: it is variadic, so no argtypes.
        self.create_ruleset_args = (
            ctypes.c_long(SYS_landlock_create_ruleset),
            ctypes.c_void_p(ctypes.addressof(self.ruleset_attr)),
            ctypes.c_size_t(ctypes.sizeof(self.ruleset_attr)), _ZERO)
        self.restrict_self_number = ctypes.c_long(SYS_landlock_restrict_self)
        self.zero = _ZERO

    # -- in the child -------------------------------------------------------------------

    def apply(self) -> list[str]:
        """Confine the calling process; see the module docstring for the order."""
        self.new_mount_ns = self.new_net_ns = False
        warnings: list[str] = []
        timings = self.timings
        for step, required in self.steps:
            started = time.perf_counter() if timings is not None else 0.0
            try:
                getattr(self, "step_" + step)()
            except OSError as error:
                message = f"{step}: {error.strerror or error}"
                if required:
                    raise SandboxError(error.errno or errno.EPERM, message) from error
                warnings.append(message)
                if step == "overlays":
                    warnings.append("overlays: writes to /tmp, /dev/shm and the project persist")
            if timings is not None:
                timings[step] = time.perf_counter() - started
        return warnings

    def step_namespaces(self) -> None:
        """unshare(CLONE_NEWNS | CLONE_NEWNET); a user namespace first when not root."""
        if not self.as_root:
            _unshare(CLONE_NEWUSER)
            for path, text in self.id_maps:
                fd = os.open(path, os.O_WRONLY)
                try:
                    os.write(fd, text)
                finally:
                    os.close(fd)
        _unshare(CLONE_NEWNS | CLONE_NEWNET)
        self.new_mount_ns = self.new_net_ns = True

    def _require_own_mount_ns(self) -> None:
        if not self.new_mount_ns:
            raise OSError(errno.EPERM, "not in a mount namespace of our own: mounts skipped")

    def step_private_mounts(self) -> None:
        """Stop mount events propagating between this namespace and the machine's."""
        self._require_own_mount_ns()
        _mount_raw(None, b"/", None, MS_REC | MS_PRIVATE, None)

    def step_overlays(self) -> None:
        """A fresh tmpfs on the scratch dir; overlays over the project and /tmp on it.

        The project goes first: when the scratch or the project lies under /tmp, their
        paths still resolve on the real /tmp; the /tmp overlay mounted last hides both,
        and a project under /tmp is then covered by the /tmp overlay (writes vanish
        either way).
        """
        self._require_own_mount_ns()
        if self.overlay_error:
            raise OSError(errno.EINVAL, self.overlay_error)
        _mount_raw(b"tmpfs", self.scratch, b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=0700")
        for directory in self.directories:
            os.mkdir(directory, 0o700)
        for target, options in self.overlays:
            _mount_raw(b"overlay", target, b"overlay", MS_NOSUID, options)
        if self.dev_shm:  # POSIX shm and multiprocessing's semaphores, private too
            _mount_raw(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=1777")

    def step_loopback(self) -> None:
        """Bring `lo` up in the new network namespace (it starts down).

        libc's socket/ioctl on a buffer made before fork: the socket and fcntl modules
        would cost the child a few dozen copy-on-write faults more.
        """
        if not self.new_net_ns:
            raise OSError(errno.EPERM, "not in a network namespace of our own: lo left alone")
        fd = _libc.socket(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC, 0)
        if fd < 0:
            raise _fail("socket(AF_INET, SOCK_DGRAM)")
        try:
            request = self.ifreq
            if _libc.ioctl(fd, SIOCGIFFLAGS, request) != 0:
                raise _fail("ioctl(lo, SIOCGIFFLAGS)")
            self.ifreq_flags.value |= IFF_UP
            if _libc.ioctl(fd, SIOCSIFFLAGS, request) != 0:
                raise _fail("ioctl(lo, SIOCSIFFLAGS)")
        finally:
            _libc.close(fd)

    def step_landlock(self) -> None:
        """Read+execute everywhere, writes only beneath the writable paths and /dev."""
        if not self.landlock_abi:
            raise OSError(errno.EOPNOTSUPP, self.landlock_error)
        ruleset = _libc.syscall(*self.create_ruleset_args)
        if ruleset < 0:
            raise _fail("landlock_create_ruleset")
        try:
            fd_arg = ctypes.c_long(ruleset)
            for path, attr, attr_address in self.rule_attrs:
                _add_rule(fd_arg, path, attr, attr_address)
            _prctl(PR_SET_NO_NEW_PRIVS, 1)
            if _libc.syscall(self.restrict_self_number, fd_arg, self.zero) != 0:
                raise _fail("landlock_restrict_self")
        finally:
            os.close(ruleset)

    def step_seccomp(self) -> None:
        """Install the filter (NO_NEW_PRIVS first, or the kernel wants CAP_SYS_ADMIN)."""
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, self.seccomp_prog_address, 0, 0):
            raise _fail("prctl(PR_SET_SECCOMP)")


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


def prepare(policy: dict) -> Prepared:
    """Turn a policy into what apply needs; call before fork (raises nothing on a
    machine that lacks a feature: the step then fails, as a warning or SandboxError)."""
    return Prepared(policy)


def apply(policy: dict | Prepared) -> list[str]:
    """Confine the calling process (a freshly forked, single-threaded test child).

    Returns one warning per step that was wanted but could not be applied; raises
    SandboxError when such a step is required. Pass a `Prepared` (built before fork)
    to keep the child's work down to the system calls.
    """
    prepared = policy if isinstance(policy, Prepared) else Prepared(policy)
    return prepared.apply()
