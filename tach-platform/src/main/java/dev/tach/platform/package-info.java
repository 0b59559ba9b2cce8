/**
 * System calls from Java, in one place: {@link dev.tach.platform.Os} is a typed facade over a
 * jnr-ffi binding of libc (failures name their errno), {@link dev.tach.platform.Probes} asks the
 * kernel what it allows (Landlock, seccomp, userfaultfd, PAGEMAP_SCAN, cgroup v2, overlayfs).
 * Linux only; loading the binding costs a few hundred milliseconds, so runs never do.
 */
package dev.tach.platform;
