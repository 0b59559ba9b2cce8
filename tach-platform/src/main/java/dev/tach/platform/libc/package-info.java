/**
 * The jnr-ffi binding of libc. Exported only because jnr-ffi's generated implementation lives
 * outside this module; call {@link dev.tach.platform.Os} instead.
 */
package dev.tach.platform.libc;
