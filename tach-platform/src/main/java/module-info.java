/**
 * The one place Java makes system calls: a jnr-ffi binding of a few libc functions behind the
 * typed facade {@link dev.tach.platform.Os}, and the kernel probes {@code tach doctor} prints.
 * Loading it generates classes (a few hundred milliseconds), so a run never touches it.
 */
module dev.tach.platform {
  requires dev.tach.api;
  requires org.jnrproject.ffi;
  requires org.jnrproject.constants;
  // jnr-ffi generates its classes with ASM; an automatic module does not pull it in by itself.
  requires org.objectweb.asm;

  exports dev.tach.platform;
  // Not an API: jnr-ffi implements LibC in a class it defines in its own loader (outside this
  // module), which can only link against an interface exported to everyone.
  exports dev.tach.platform.libc;
}
