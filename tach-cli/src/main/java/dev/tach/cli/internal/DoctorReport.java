package dev.tach.cli.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tach.api.ErrorCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What {@code tach doctor} found, item by item, and how it is printed (text or JSON). */
final class DoctorReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int LABEL_WIDTH = 25;

  /** ok: present; warn: missing, a run works without it; fail: a run would not work. */
  enum Status {
    OK,
    WARN,
    FAIL;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One line of the report.
   *
   * @param id the key in JSON ({@code landlock}, {@code userfaultfd_wp_async})
   * @param label the name in the text output
   * @param value what was found, or why it is missing
   * @param code the error code of what is missing
   * @param fix what to do about it (empty when nothing is missing)
   * @param notes more lines: the other side's view, the backends passed over, the strategies
   */
  record Item(
      String id, String label, Status status, String value, Optional<ErrorCode> code, String fix, List<String> notes) {
    Item {
      requireNonNull(id, "id is null");
      requireNonNull(label, "label is null");
      requireNonNull(status, "status is null");
      requireNonNull(value, "value is null");
      requireNonNull(code, "code is null");
      requireNonNull(fix, "fix is null");
      notes = List.copyOf(notes);
    }

    static Item ok(String id, String label, String value, List<String> notes) {
      return new Item(id, label, Status.OK, value, Optional.empty(), "", notes);
    }

    static Item missing(Status status, String id, String label, String value, Optional<ErrorCode> code, String fix, List<String> notes) {
      return new Item(id, label, status, value, code, fix, notes);
    }

    String line() {
      StringBuilder line = new StringBuilder(String.format("%-5s %-" + LABEL_WIDTH + "s %s", status.word(), label, value));
      code.ifPresent(c -> line.append(" [").append(c).append(']'));
      if (!fix.isEmpty()) {
        line.append("; fix: ").append(fix);
      }
      return line.toString();
    }
  }

  private final String header;
  private final List<Item> items = new ArrayList<>();
  private final Map<String, Object> sections = new LinkedHashMap<>();
  private final Map<String, Long> timings = new LinkedHashMap<>();

  DoctorReport(String header) {
    this.header = header;
  }

  void add(Item item) {
    items.add(item);
  }

  /** A structured part of the JSON document besides the items (the sandbox choice, the strategies). */
  void section(String name, Object value) {
    sections.put(name, value);
  }

  void timing(String name, long millis) {
    timings.put(name, millis);
  }

  List<Item> items() {
    return List.copyOf(items);
  }

  Map<String, Long> timings() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }

  /** The first item that keeps a run from working, if any. */
  Optional<Item> firstFailure() {
    return items.stream().filter(i -> i.status() == Status.FAIL).findFirst();
  }

  long warnings() {
    return items.stream().filter(i -> i.status() == Status.WARN).count();
  }

  /** 0 when a run would work, else the exit code of the first failure's error. */
  int exitCode() {
    return firstFailure().map(i -> i.code().orElse(ErrorCode.E020).exitCode()).orElse(0);
  }

  String verdict() {
    Optional<Item> failure = firstFailure();
    if (failure.isPresent()) {
      return "a run would not work: " + failure.get().label() + " (" + failure.get().code().map(Enum::name).orElse("") + ")";
    }
    long warnings = warnings();
    return warnings == 0 ? "a run would work" : "a run would work (" + warnings + (warnings == 1 ? " warning)" : " warnings)");
  }

  void printText(PrintStream out) {
    out.println(header);
    for (Item item : items) {
      out.println(item.line());
      for (String note : item.notes()) {
        out.println(" ".repeat(6 + LABEL_WIDTH + 1) + "- " + note);
      }
    }
    out.println(verdict());
  }

  void printJson(PrintStream out) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("header", header);
    Optional<Item> failure = firstFailure();
    doc.put("status", failure.isPresent() ? "fail" : warnings() > 0 ? "warn" : "ok");
    doc.put("exit_code", exitCode());
    doc.put("verdict", verdict());
    ArrayNode list = doc.putArray("items");
    for (Item item : items) {
      ObjectNode node = list.addObject();
      node.put("id", item.id());
      node.put("label", item.label());
      node.put("status", item.status().word());
      node.put("value", item.value());
      node.put("code", item.code().map(Enum::name).orElse(null));
      node.put("fix", item.fix().isEmpty() ? null : item.fix());
      ArrayNode notes = node.putArray("notes");
      item.notes().forEach(notes::add);
    }
    sections.forEach((name, value) -> doc.set(name, JSON.valueToTree(value)));
    ObjectNode times = doc.putObject("timings_ms");
    timings.forEach(times::put);
    try {
      out.println(JSON.writeValueAsString(doc));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
