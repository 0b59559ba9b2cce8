package dev.tach.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** How stable a public type is, in the manner of JUnit's {@code @API}. */
@Api(Api.Status.STABLE)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Api {

  Status value();

  /** The promise a type makes to its callers. */
  enum Status {
    /** Kept compatible within a major version. */
    STABLE,
    /** May change in a minor version; feedback wanted. */
    EXPERIMENTAL,
    /** Public for technical reasons only; not for use outside Tach. */
    INTERNAL
  }
}
