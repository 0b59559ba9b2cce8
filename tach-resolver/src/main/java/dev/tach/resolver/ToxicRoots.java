package dev.tach.resolver;

import dev.tach.api.Api;
import java.util.List;

/**
 * The default toxic roots. The standard library's entries are the modules whose purpose is a
 * thread, a process, a socket, a signal handler or memory Python does not own; modules that merely
 * use a lock (logging, queue) are not listed, or nearly everything would be toxic. Third-party
 * entries are the common packages that start threads or hold connections as soon as they are used.
 * Modules that discovery did not read are leaves of the import graph, so a package that uses one of
 * these internally is toxic only if it is listed itself: callers add their own roots with {@link
 * ImportGraph#build(java.util.Collection, List)}.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ToxicRoots {
  private static final String SOCKETS = "opens sockets";

  private static final List<ToxicRoot> DEFAULTS =
      List.of(
          // Standard library.
          root("threading", "starts threads"),
          root("_thread", "starts threads"),
          root("multiprocessing", "starts processes and a resource tracker, shares semaphores"),
          root("concurrent.futures", "keeps thread and process pools alive"),
          root("subprocess", "starts child processes"),
          root("asyncio", "runs an event loop with selector fds, a self-pipe and executor threads"),
          root("selectors", "holds epoll/kqueue descriptors that forked children share"),
          root("socket", SOCKETS),
          root("socketserver", "serves on sockets, from threads or forked processes"),
          root("ssl", "opens sockets with OpenSSL state"),
          root("http.client", SOCKETS),
          root("http.server", "serves on sockets"),
          root("urllib.request", SOCKETS),
          root("xmlrpc", SOCKETS),
          root("smtplib", SOCKETS),
          root("ftplib", SOCKETS),
          root("imaplib", SOCKETS),
          root("poplib", SOCKETS),
          root("signal", "installs process-wide signal handlers"),
          root("faulthandler", "installs signal handlers and a watchdog thread"),
          root("ctypes", "calls native code and holds memory Python does not track"),
          root("mmap", "maps shared memory that a memory rollback cannot undo"),
          // Third party.
          root("numpy", "its BLAS library (OpenBLAS, MKL) runs a native thread pool"),
          root("scipy", "imports numpy, whose BLAS runs a native thread pool"),
          root("torch", "runs native thread pools and holds CUDA state"),
          root("tensorflow", "runs native thread pools"),
          root("jax", "starts the XLA runtime's threads"),
          root("grpc", "starts C-core threads and holds connections; not fork-safe"),
          root("zmq", "starts I/O threads and opens sockets"),
          root("requests", SOCKETS),
          root("urllib3", SOCKETS),
          root("httpx", SOCKETS),
          root("aiohttp", "opens sockets from an event loop"),
          root("redis", SOCKETS),
          root("psycopg2", "holds database connections"),
          root("psycopg", "holds database connections"),
          root("pymongo", "starts monitor threads per client"),
          root("kafka", "starts background threads and opens sockets"),
          root("confluent_kafka", "starts background threads and opens sockets"),
          root("twisted", "runs a reactor and installs signal handlers"),
          root("tornado", "runs an event loop"),
          root("gevent", "monkey-patches the standard library and runs a hub"),
          root("eventlet", "monkey-patches the standard library and runs a hub"),
          root("uvloop", "runs a native event loop"),
          root("trio", "runs an event loop"),
          root("anyio", "runs an event loop"),
          root("ray", "starts processes and opens sockets"),
          root("distributed", "starts processes and threads and opens sockets"));

  private ToxicRoots() {}

  /** The default roots, each with its reason. */
  public static List<ToxicRoot> defaults() {
    return DEFAULTS;
  }

  private static ToxicRoot root(String module, String reason) {
    return new ToxicRoot(module, reason);
  }
}
