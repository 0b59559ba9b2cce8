package dev.tach.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tach.api.CapturedOutput;
import dev.tach.api.ErrorCode;
import dev.tach.api.Leaks;
import dev.tach.api.RunEvent;
import dev.tach.api.RunSummary;
import dev.tach.api.TachException;
import dev.tach.api.TestItem;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.api.spi.SandboxSupport;
import dev.tach.scheduler.EngineConfig;
import dev.tach.scheduler.SandboxPlanner;
import dev.tach.scheduler.StaticPlan;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run, as a single-threaded event loop: reader threads turn frames into {@link Inbound}
 * events, and only the loop's thread touches run state or calls the reporter. Deadlines
 * (handshake, per-test timeouts, the grace after a kill) are checked between events.
 */
public final class RunLoop {
  static final int PROTOCOL_VERSION = 1;
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  /** The smallest piece a splittable module is cut into. */
  static final int MIN_CHUNK = 16;
  /** How many differing ids the --debug comparison with static discovery prints each way. */
  private static final int DIFF_LINES = 20;

  private enum Phase {
    CONNECTING,
    COLLECTING,
    RUNNING,
    SHUTTING_DOWN,
    DONE
  }

  private sealed interface Inbound {}

  private record Hello(Connection connection, ObjectNode hello) implements Inbound {}

  private record Received(Connection connection, ObjectNode message) implements Inbound {}

  private record Closed(Connection connection, String error) implements Inbound {}

  private record HarnessExited(int code) implements Inbound {}

  private record Interrupt() implements Inbound {}

  private final EngineConfig config;
  private final IsolationStrategy isolation;
  private final Reporter reporter;
  private final BlockingQueue<Inbound> inbox = new LinkedBlockingQueue<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final String token = newToken();

  private Phase phase = Phase.CONNECTING;
  private long phaseDeadline;
  private Path runDir;
  private ServerSocketChannel server;
  private volatile HarnessProcess harness;
  private Connection zygote;
  private boolean zygoteGone;
  private final List<TestItem> items = new ArrayList<>();
  private final Map<String, TestItem> itemsById = new HashMap<>();
  private final Deque<List<TestItem>> pending = new ArrayDeque<>();
  private final Map<Integer, WorkerSlot> slots = new LinkedHashMap<>();
  private final Map<Connection, WorkerSlot> slotsByConnection = new HashMap<>();
  private final Map<String, Integer> reschedules = new HashMap<>();
  // The sandbox every worker enters (null: none), decided when the zygote says hello.
  private ObjectNode sandboxPolicy;
  private String sandboxName = "none";
  private final Set<String> sandboxWarnings = new LinkedHashSet<>();
  private final Tally tally = new Tally();
  private int collectionErrors;
  private Optional<String> stopReason = Optional.empty();
  private volatile boolean interrupted;
  private long startNanos;

  public RunLoop(EngineConfig config, IsolationStrategy isolation, Reporter reporter) {
    this.config = config;
    this.isolation = isolation;
    this.reporter = reporter;
  }

  /** Runs to the end and returns the summary; bad input before any test ran is a TachException. */
  public RunSummary run() {
    startNanos = System.nanoTime();
    try {
      if (!interrupted) {
        start();
      }
      while (phase != Phase.DONE) {
        Inbound event = inbox.poll(nanosToNextDeadline(), TimeUnit.NANOSECONDS);
        if (event != null) {
          handle(event);
        }
        checkDeadlines();
      }
      return finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupted = true;
      return finish();
    } catch (IOException e) {
      throw new TachException(ErrorCode.E014, "the harness failed: " + e.getMessage(), "run with --debug", e);
    } finally {
      cleanUp();
      finished.countDown();
    }
  }

  /** Called before {@link #run()}: the run starts no harness and ends as interrupted. */
  public void interruptLater() {
    interrupted = true;
    inbox.add(new Interrupt());
  }

  /** Called from another thread (a shutdown hook): stop now, report what finished. */
  public void interrupt() {
    interruptLater();
    try {
      if (!finished.await(3, TimeUnit.SECONDS) && harness != null) {
        harness.killTree();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- start and end ------------------------------------------------------------------------

  private void start() throws IOException {
    runDir =
        Files.createTempDirectory(
            "tach-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = runDir.resolve("supervisor.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread acceptor = new Thread(this::acceptConnections, "tach-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();

    Map<String, String> env = new LinkedHashMap<>(config.env());
    env.put("TACH_SOCKET", socket.toString());
    env.put("TACH_TOKEN", token);
    env.put("TACH_SUPERVISOR_PID", Long.toString(ProcessHandle.current().pid()));
    env.put("TACH_PYTEST_ARGS", FrameCodec.mapper().writeValueAsString(config.pytestArgs()));
    if (config.sandbox().isPresent()) {
      env.put("TACH_SANDBOX_PROBE", "1");
    }
    if (!config.keepRunDir()) {
      // Removed by the zygote should this process be SIGKILLed (no shutdown hook runs then).
      env.put("TACH_RUN_DIR", runDir.toString());
    }
    if (config.leaks() != EngineConfig.LeakCheck.OFF) {
      env.put("TACH_REPORT_LEAKS", "1");
    }
    try {
      harness =
          HarnessProcess.start(
              harnessCommand(), config.projectDir(), env, runDir, code -> inbox.add(new HarnessExited(code)));
    } catch (IOException e) {
      throw new TachException(
          ErrorCode.E005,
          "cannot start the Python interpreter " + config.python() + ": " + e.getMessage(),
          "pass --python PATH or set VIRTUAL_ENV");
    }
    phaseDeadline = System.nanoTime() + config.startTimeout().toNanos();
  }

  /**
   * {@code python -c BOOT HARNESS_PATH zygote}: the bootstrap puts the harness first on
   * {@code sys.path} in place of the working directory, as the {@code pytest} command does not
   * add the working directory either.
   */
  private List<String> harnessCommand() {
    String boot =
        "import sys; sys.path[0] = sys.argv.pop(1); import runpy;"
            + " runpy.run_module('tach_harness', run_name='__main__', alter_sys=True)";
    return List.of(config.python().toString(), "-c", boot, config.harnessPath().toString(), "zygote");
  }

  private RunSummary finish() {
    if (harness != null && harness.isAlive()) {
      harness.killTree();
    }
    RunSummary summary = tally.summary(items.size(), collectionErrors, elapsed(), stopReason, interrupted);
    reporter.onEvent(new RunEvent.RunFinished(summary));
    reporter.close();
    return summary;
  }

  private void cleanUp() {
    if (harness != null && harness.isAlive()) {
      harness.killTree();
    }
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // Nothing listens on a closed socket; the directory goes next.
    }
    slotsByConnection.keySet().forEach(Connection::close);
    if (zygote != null) {
      zygote.close();
    }
    if (runDir != null && !config.keepRunDir()) {
      try (Stream<Path> files = Files.walk(runDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temp directory left behind is not worth failing a finished run for.
      }
    }
  }

  // ---- connections --------------------------------------------------------------------------

  private void acceptConnections() {
    while (true) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        return;
      }
      Thread reader = new Thread(() -> serve(new Connection(channel)), "tach-connection");
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** Reads one connection until it closes, after checking its handshake. */
  private void serve(Connection connection) {
    try {
      ObjectNode hello = connection.receive();
      String refusal = refusal(hello);
      if (refusal != null) {
        connection.sendQuietly(FrameCodec.message("refused").put("reason", refusal));
        connection.close();
        return;
      }
      connection.send(FrameCodec.message("welcome").put("protocol", PROTOCOL_VERSION));
      inbox.add(new Hello(connection, hello));
      ObjectNode message;
      while ((message = connection.receive()) != null) {
        inbox.add(new Received(connection, message));
      }
      inbox.add(new Closed(connection, null));
    } catch (IOException e) {
      inbox.add(new Closed(connection, e.getMessage()));
    }
  }

  private String refusal(ObjectNode hello) {
    if (hello == null || !"hello".equals(hello.path("type").asText())) {
      return "the first frame must be a hello";
    }
    if (!token.equals(hello.path("token").asText())) {
      return "wrong token";
    }
    int version = hello.path("protocol").asInt(-1);
    if (version != PROTOCOL_VERSION) {
      return "protocol version " + version + " is not supported (supervisor speaks " + PROTOCOL_VERSION + ")";
    }
    return null;
  }

  // ---- events -------------------------------------------------------------------------------

  private void handle(Inbound event) throws IOException {
    if (event instanceof Hello h) {
      onHello(h.connection(), h.hello());
    } else if (event instanceof Received r) {
      onMessage(r.connection(), r.message());
    } else if (event instanceof Closed c) {
      onClosed(c.connection(), c.error());
    } else if (event instanceof HarnessExited x) {
      onHarnessExited(x.code());
    } else if (event instanceof Interrupt) {
      interrupted = true;
      if (harness != null) {
        harness.killTree();
      }
      phase = Phase.DONE;
    }
  }

  private void onHello(Connection connection, ObjectNode hello) {
    String role = hello.path("role").asText();
    if (role.equals("zygote") && zygote == null) {
      zygote = connection;
      phase = Phase.COLLECTING;
      config.sandbox().ifPresent(planner -> planSandbox(planner, hello.path("sandbox")));
      return;
    }
    WorkerSlot slot = slots.get(hello.path("worker").asInt(-1));
    if (!role.equals("worker") || slot == null || slot.connection != null) {
      connection.close();
      return;
    }
    slot.connection = connection;
    slot.pid = hello.path("pid").asLong();
    slot.spawnDeadline = Long.MAX_VALUE;
    slotsByConnection.put(connection, slot);
  }

  private void onMessage(Connection connection, ObjectNode message) throws IOException {
    String type = message.path("type").asText();
    if (connection == zygote) {
      onZygoteMessage(type, message);
      return;
    }
    WorkerSlot slot = slotsByConnection.get(connection);
    if (slot == null) {
      return;
    }
    switch (type) {
      case "ready" -> assignWork(slot);
      case "started" -> onStarted(slot, message);
      case "result" -> onResult(slot, message);
      case "bye" -> slot.saidBye = true;
      case "warning" -> onWarning(message);
      default -> protocolFault(slot, "unexpected message type \"" + type + "\" from worker " + slot.id);
    }
  }

  private void onZygoteMessage(String type, ObjectNode message) throws IOException {
    switch (type) {
      case "collected" -> onCollected(message);
      case "spawned" -> {
        WorkerSlot slot = slots.get(message.path("worker").asInt(-1));
        if (slot != null) {
          slot.pid = message.path("pid").asLong();
        }
      }
      case "fatal" -> throw new TachException(
          ErrorCode.E008,
          "pytest stopped before collecting: " + message.path("message").asText("(no message)"),
          "check the pytest arguments, plugins and configuration (run pytest --collect-only to compare)");
      default -> throw new TachException(
          ErrorCode.E010, "unexpected message \"" + type + "\" from the zygote", "report this as a bug");
    }
  }

  private void onCollected(ObjectNode message) throws IOException {
    for (JsonNode error : message.path("errors")) {
      collectionErrors++;
      reporter.onEvent(
          new RunEvent.CollectionError(error.path("path").asText(), error.path("message").asText()));
    }
    for (JsonNode test : message.path("tests")) {
      JsonNode timeout = test.path("timeout");
      TestItem item =
          new TestItem(
              test.path("id").asText(),
              test.path("file").asText(),
              test.path("line").asInt(0),
              timeout.isNumber() && timeout.asDouble() > 0
                  ? Optional.of(Duration.ofMillis((long) (timeout.asDouble() * 1000)))
                  : Optional.empty());
      items.add(item);
      itemsById.put(item.nodeId(), item);
    }
    Set<String> splittable = Set.of();
    Optional<StaticPlan> staticPlan = config.plan().get();
    if (staticPlan.isPresent()) {
      StaticPlan plan = staticPlan.get();
      compareWithPlan(plan, items);
      splittable = plan.splittableModules();
    }
    pending.addAll(batches(items, config.workers(), splittable));
    int workers = Math.min(config.workers(), pending.size());
    reporter.onEvent(new RunEvent.RunStarted(items.size(), workers, sandboxName));
    for (JsonNode skipped : message.path("skipped")) {
      // A file that skipped itself at collection counts as one skipped test, as in pytest.
      String path = skipped.path("path").asText();
      report(new TestResult(path, TestStatus.SKIP, Duration.ZERO, skipped.path("reason").asText(), "", CapturedOutput.EMPTY, 0));
    }
    phase = Phase.RUNNING;
    if (workers == 0) {
      shutDownZygote();
      return;
    }
    for (int id = 1; id <= workers; id++) {
      slots.put(id, new WorkerSlot(id));
      spawn(id);
    }
  }

  /**
   * Tests of one module stay together, in collection order, so module and class fixtures are
   * set up once per worker; the biggest batches go first so the last ones are short.
   */
  static List<List<TestItem>> batchesByModule(List<TestItem> items) {
    return batches(items, 1, Set.of());
  }

  /**
   * Like {@link #batchesByModule}, except that a module static discovery found {@code
   * splittable} (nothing shared wider than a function) is cut into chunks of about a quarter of
   * a worker's share of the run (at least {@link #MIN_CHUNK} tests), so that one big module
   * cannot keep one worker busy while the others are idle at the end.
   */
  static List<List<TestItem>> batches(List<TestItem> items, int workers, Set<String> splittable) {
    Map<String, List<TestItem>> byModule = new LinkedHashMap<>();
    for (TestItem item : items) {
      byModule.computeIfAbsent(item.module(), m -> new ArrayList<>()).add(item);
    }
    int chunk = Math.max(MIN_CHUNK, (items.size() + workers * 4 - 1) / (workers * 4));
    List<List<TestItem>> batches = new ArrayList<>();
    for (Map.Entry<String, List<TestItem>> module : byModule.entrySet()) {
      List<TestItem> tests = module.getValue();
      if (workers > 1 && splittable.contains(module.getKey()) && tests.size() > chunk) {
        for (int from = 0; from < tests.size(); from += chunk) {
          batches.add(new ArrayList<>(tests.subList(from, Math.min(tests.size(), from + chunk))));
        }
      } else {
        batches.add(tests);
      }
    }
    batches.sort(Comparator.comparingInt(b -> -b.size()));
    return batches;
  }

  /** The zygote's collection wins; a different static picture is logged for --debug. */
  private static void compareWithPlan(StaticPlan plan, List<TestItem> items) {
    Set<String> collected = new LinkedHashSet<>();
    for (TestItem item : items) {
      collected.add(item.nodeId());
    }
    List<String> onlyCollected = collected.stream().filter(id -> !plan.nodeIds().contains(id)).sorted().toList();
    List<String> onlyStatic = plan.nodeIds().stream().filter(id -> !collected.contains(id)).sorted().toList();
    if (onlyCollected.isEmpty() && onlyStatic.isEmpty()) {
      plan.debug().accept("static discovery agrees with pytest's collection: " + collected.size() + " tests");
      return;
    }
    plan.debug().accept(
        "static discovery and pytest's collection differ (pytest's wins): "
            + onlyCollected.size() + " only collected by pytest, " + onlyStatic.size() + " only found statically");
    onlyCollected.stream().limit(DIFF_LINES).forEach(id -> plan.debug().accept("  only collected by pytest: " + id));
    onlyStatic.stream().limit(DIFF_LINES).forEach(id -> plan.debug().accept("  only found statically:    " + id));
  }

  private void spawn(int workerId) throws IOException {
    WorkerSlot slot = slots.get(workerId);
    slot.connection = null;
    slot.spawnDeadline = System.nanoTime() + config.startTimeout().toNanos();
    ObjectNode spawn = FrameCodec.message("spawn").put("worker", workerId);
    if (sandboxPolicy != null) {
      spawn.set("sandbox", sandboxPolicy);
    }
    zygote.send(spawn);
  }

  private void planSandbox(SandboxPlanner planner, JsonNode probe) {
    SandboxPlanner.Plan plan = planner.plan(SandboxWire.support(probe));
    plan.warnings().forEach(reporter::onEvent);
    plan.policy().ifPresent(policy -> {
      sandboxName = policy.backend();
      sandboxPolicy = SandboxWire.policy(policy, runDir.resolve("sandbox"));
    });
  }

  /** A worker could not apply part of the sandbox: once per step for the whole run. */
  private void onWarning(ObjectNode message) {
    String step = message.path("step").asText();
    if (sandboxWarnings.add(step)) {
      reporter.onEvent(new RunEvent.Warning(SandboxWire.codeOf(step), message.path("message").asText()));
    }
  }

  private void assignWork(WorkerSlot slot) {
    if (slot.stopSent) {
      return;
    }
    List<TestItem> batch = stopReason.isEmpty() ? pending.poll() : null;
    if (batch == null) {
      slot.stopSent = true;
      slot.connection.sendQuietly(FrameCodec.message("stop"));
      return;
    }
    ObjectNode run = FrameCodec.message("run").put("ack_failures", config.maxFail() > 0);
    ArrayNode tests = run.putArray("tests");
    for (TestItem item : batch) {
      tests.addObject().put("id", item.nodeId()).put("mode", isolation.isolationFor(item).workerMode());
      slot.outstanding.put(item.nodeId(), item);
    }
    slot.connection.sendQuietly(run);
  }

  private void onStarted(WorkerSlot slot, ObjectNode message) {
    String nodeId = message.path("test").asText();
    TestItem item = slot.outstanding.get(nodeId);
    if (item == null) {
      protocolFault(slot, "worker " + slot.id + " started a test it was not given: " + nodeId);
      return;
    }
    slot.current = item;
    slot.currentPid = message.path("pid").asLong(slot.pid);
    slot.timedOut = false;
    Optional<Duration> timeout = item.timeout().or(config::timeout);
    slot.deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
    reporter.onEvent(new RunEvent.TestStarted(nodeId, slot.id));
  }

  private void onResult(WorkerSlot slot, ObjectNode message) {
    String nodeId = message.path("test").asText();
    TestItem item = slot.outstanding.remove(nodeId);
    if (item == null) {
      protocolFault(slot, "worker " + slot.id + " reported a test it was not given: " + nodeId);
      return;
    }
    TestResult result = resultOf(message, slot.id);
    if (slot.current == item) {
      if (slot.timedOut) {
        result = timedOut(item, slot.id, result.output());
      }
      slot.clearCurrent();
    }
    if (config.leaks() == EngineConfig.LeakCheck.FAIL) {
      result = failIfLeaked(result);
    }
    report(result);
    if (config.maxFail() > 0 && result.status().failsRun() && !slot.stopSent && slot.connection != null) {
      // The worker waits for this verdict before its next test, so -x stops exactly.
      slot.connection.sendQuietly(FrameCodec.message("continue"));
    }
  }

  private void onClosed(Connection connection, String error) throws IOException {
    if (connection == zygote) {
      if (phase != Phase.SHUTTING_DOWN) {
        zygoteDied(error == null ? "it closed its connection" : error);
      }
      return;
    }
    WorkerSlot slot = slotsByConnection.remove(connection);
    if (slot == null) {
      return;
    }
    connection.close();
    slot.connection = null;
    boolean clean = slot.saidBye && slot.outstanding.isEmpty();
    if (!clean) {
      String why = error == null ? "worker " + slot.id + " died" : "worker " + slot.id + ": " + error;
      if (!slot.faults.isEmpty()) {
        // We killed it for breaking the protocol: say so, not just that it died.
        why = "worker " + slot.id + " was stopped for a protocol fault (" + String.join("; ", slot.faults) + ")";
        slot.faults.clear();
      }
      workerDied(slot, why);
    } else {
      slot.finished = true;
    }
    maybeFinish();
  }

  /** The running test gets its verdict, the unstarted ones go back to the queue once. */
  private void workerDied(WorkerSlot slot, String why) throws IOException {
    TestItem current = slot.current;
    if (current != null) {
      slot.outstanding.remove(current.nodeId());
      report(
          slot.timedOut
              ? timedOut(current, slot.id, CapturedOutput.EMPTY)
              : synthetic(current, TestStatus.CRASH, why + " while running this test", slot.id));
      slot.clearCurrent();
    }
    List<TestItem> again = new ArrayList<>();
    for (TestItem item : slot.outstanding.values()) {
      if (stopReason.isPresent()) {
        continue;
      }
      int tries = reschedules.merge(item.nodeId(), 1, Integer::sum);
      if (tries > 1 || zygoteGone) {
        report(synthetic(item, TestStatus.HARNESS_ERROR, why + "; the test was lost twice", slot.id));
      } else {
        again.add(item);
      }
    }
    slot.outstanding.clear();
    slot.saidBye = false;
    if (!again.isEmpty()) {
      pending.addFirst(again);
    }
    if (!pending.isEmpty() && stopReason.isEmpty() && !zygoteGone) {
      slot.stopSent = false;
      spawn(slot.id);
    } else {
      slot.finished = true;
    }
  }

  private void zygoteDied(String why) throws IOException {
    if (phase == Phase.CONNECTING || phase == Phase.COLLECTING) {
      throw harnessStartFailure(why);
    }
    zygoteGone = true;
    String detail = String.join(" | ", harness.stderrTail(3));
    failPending("the zygote died: " + detail);
    for (WorkerSlot slot : slots.values()) {
      if (slot.connection == null && !slot.finished) {
        slot.finished = true;
        failOutstanding(slot, "the zygote died: " + detail);
      }
    }
    maybeFinish();
  }

  private void onHarnessExited(int code) throws IOException {
    if (phase == Phase.SHUTTING_DOWN) {
      phase = Phase.DONE;
      return;
    }
    if (!zygoteGone) {
      zygoteDied("it exited with code " + code);
    }
  }

  private TachException harnessStartFailure(String why) {
    harness.waitFor(2000);
    List<String> tail = harness.stderrTail(5);
    String last = tail.isEmpty() ? why : tail.get(tail.size() - 1);
    if (tail.stream().anyMatch(l -> l.contains("No module named 'pytest'") || l.contains("No module named pytest"))) {
      return new TachException(
          ErrorCode.E007,
          "pytest is not installed for " + config.python(),
          config.python() + " -m pip install pytest");
    }
    if (tail.stream().anyMatch(l -> l.contains("No module named 'tach_harness'"))) {
      return new TachException(
          ErrorCode.E014, "the harness is missing from " + config.harnessPath(), "rebuild tach (mvn -B install)");
    }
    return new TachException(
        ErrorCode.E014,
        "the Python harness stopped before it collected the tests: " + last,
        "its log is " + harness.stderrFile() + " (kept with --debug)");
  }

  private void protocolFault(WorkerSlot slot, String what) {
    // A worker that breaks the protocol cannot be trusted with more tests: retire it.
    slot.faults.add(what);
    ProcessTrees.kill(slot.pid);
  }

  // ---- deadlines ----------------------------------------------------------------------------

  private long nanosToNextDeadline() {
    long next = Long.MAX_VALUE;
    if (phase == Phase.CONNECTING || phase == Phase.SHUTTING_DOWN) {
      next = phaseDeadline;
    }
    for (WorkerSlot slot : slots.values()) {
      if (slot.current != null) {
        next = Math.min(next, slot.timedOut ? slot.graceDeadline : slot.deadline);
      }
      if (slot.connection == null && !slot.finished) {
        next = Math.min(next, slot.spawnDeadline);
      }
    }
    long now = System.nanoTime();
    return next == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : Math.max(0, next - now);
  }

  private void checkDeadlines() throws IOException {
    long now = System.nanoTime();
    if (phase == Phase.CONNECTING && now >= phaseDeadline) {
      throw new TachException(
          ErrorCode.E013,
          "the Python harness did not connect within " + config.startTimeout().toSeconds() + " s",
          "check that " + config.python() + " starts; its log: " + harness.stderrFile());
    }
    if (phase == Phase.SHUTTING_DOWN && now >= phaseDeadline) {
      harness.killTree();
      phase = Phase.DONE;
      return;
    }
    for (WorkerSlot slot : List.copyOf(slots.values())) {
      if (slot.current != null && !slot.timedOut && now >= slot.deadline) {
        slot.timedOut = true;
        slot.graceDeadline = now + KILL_GRACE.toNanos();
        // In fork mode the test child leads its own process group: kill just it and below.
        ProcessTrees.kill(slot.currentPid);
      } else if (slot.current != null && slot.timedOut && now >= slot.graceDeadline) {
        ProcessTrees.kill(slot.pid);
        slot.graceDeadline = Long.MAX_VALUE;
      }
      if (slot.connection == null && !slot.finished && now >= slot.spawnDeadline) {
        slot.spawnDeadline = Long.MAX_VALUE;
        slot.finished = true;
        failOutstanding(slot, "worker " + slot.id + " never connected");
        if (slots.values().stream().allMatch(s -> s.finished)) {
          failPending("no worker could be started");
        }
        maybeFinish();
      }
    }
  }

  /** Tests that no worker will run get a harness_error each: never silently lost. */
  private void failPending(String why) {
    for (List<TestItem> batch : pending) {
      for (TestItem item : batch) {
        report(synthetic(item, TestStatus.HARNESS_ERROR, why, 0));
      }
    }
    pending.clear();
  }

  private void failOutstanding(WorkerSlot slot, String why) {
    for (TestItem item : slot.outstanding.values()) {
      report(synthetic(item, TestStatus.HARNESS_ERROR, why, slot.id));
    }
    slot.outstanding.clear();
  }

  private void maybeFinish() throws IOException {
    if (phase == Phase.RUNNING && slots.values().stream().allMatch(s -> s.finished)) {
      shutDownZygote();
    }
  }

  private void shutDownZygote() {
    phase = Phase.SHUTTING_DOWN;
    phaseDeadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
    if (zygoteGone || harness == null || !harness.isAlive()) {
      phase = Phase.DONE;
      return;
    }
    zygote.sendQuietly(FrameCodec.message("shutdown"));
  }

  // ---- results ------------------------------------------------------------------------------

  private void report(TestResult result) {
    tally.count(result.status());
    reporter.onEvent(new RunEvent.TestFinished(result));
    if (config.maxFail() > 0 && stopReason.isEmpty() && tally.failures() >= config.maxFail()) {
      stopReason = Optional.of("stopping after " + tally.failures() + " failure" + (tally.failures() == 1 ? "" : "s"));
      pending.clear();
      for (WorkerSlot slot : slots.values()) {
        if (slot.connection != null && !slot.stopSent) {
          slot.stopSent = true;
          slot.connection.sendQuietly(FrameCodec.message("stop"));
        }
      }
    }
  }

  static TestResult resultOf(ObjectNode message, int worker) {
    String nodeId = message.path("test").asText();
    TestStatus status;
    String text = message.path("message").asText("");
    try {
      status = TestStatus.fromWire(message.path("status").asText());
    } catch (IllegalArgumentException e) {
      status = TestStatus.HARNESS_ERROR;
      text = "the harness sent an unknown status: " + message.path("status").asText();
    }
    Map<String, Long> truncated = new LinkedHashMap<>();
    message.path("truncated").fields().forEachRemaining(f -> truncated.put(f.getKey(), f.getValue().asLong()));
    CapturedOutput output =
        new CapturedOutput(
            message.path("stdout").asText(""),
            message.path("stderr").asText(""),
            message.path("log").asText(""),
            truncated);
    Duration duration = Duration.ofNanos((long) (message.path("duration_ms").asDouble(0) * 1_000_000));
    return new TestResult(
        nodeId, status, duration, text, message.path("longrepr").asText(""), output, worker, leaksOf(message));
  }

  /** The result's {@code leaks} object (docs/protocol.md); {@link Leaks#NONE} when absent. */
  static Leaks leaksOf(ObjectNode message) {
    JsonNode leaks = message.path("leaks");
    if (!leaks.isObject()) {
      return Leaks.NONE;
    }
    return new Leaks(
        texts(leaks.path("processes")), texts(leaks.path("threads")),
        texts(leaks.path("files")), texts(leaks.path("environment")));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  /** {@code --fail-on-leak}: a passing test that left something behind fails. */
  static TestResult failIfLeaked(TestResult result) {
    if (result.status() != TestStatus.PASS || result.leaks().isEmpty()) {
      return result;
    }
    List<String> lines = result.leaks().lines();
    return new TestResult(
        result.nodeId(),
        TestStatus.FAIL,
        result.duration(),
        "leaked: " + String.join("; ", lines),
        "the test passed but left behind (--fail-on-leak):\n  " + String.join("\n  ", lines),
        result.output(),
        result.worker(),
        result.leaks());
  }

  private TestResult timedOut(TestItem item, int worker, CapturedOutput output) {
    Duration limit = item.timeout().or(config::timeout).orElse(Duration.ZERO);
    return new TestResult(
        item.nodeId(),
        TestStatus.TIMEOUT,
        limit,
        "test exceeded its timeout of " + seconds(limit) + " and was killed",
        "",
        output,
        worker);
  }

  private static TestResult synthetic(TestItem item, TestStatus status, String message, int worker) {
    return new TestResult(item.nodeId(), status, Duration.ZERO, message, "", CapturedOutput.EMPTY, worker);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : (d.toMillis() / 1000.0) + " s";
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String newToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The supervisor's view of one worker. */
  private static final class WorkerSlot {
    final int id;
    Connection connection;
    long pid;
    final Map<String, TestItem> outstanding = new LinkedHashMap<>();
    final List<String> faults = new ArrayList<>();
    TestItem current;
    long currentPid;
    long deadline = Long.MAX_VALUE;
    long graceDeadline = Long.MAX_VALUE;
    long spawnDeadline = Long.MAX_VALUE;
    boolean timedOut;
    boolean stopSent;
    boolean saidBye;
    boolean finished;

    WorkerSlot(int id) {
      this.id = id;
    }

    void clearCurrent() {
      current = null;
      currentPid = 0;
      timedOut = false;
      deadline = Long.MAX_VALUE;
      graceDeadline = Long.MAX_VALUE;
    }
  }
}
