/**
 * The built-in sandbox backends. Each is a policy maker: it says which capabilities it needs
 * and turns a run into a {@link dev.tach.api.spi.SandboxPolicy}; the harness applies it.
 */
package dev.tach.sandbox;
