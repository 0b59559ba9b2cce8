package dev.tach.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tach.api.ErrorCode;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.api.spi.SandboxSupport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The sandbox's wire forms (docs/protocol.md): the zygote's probe in, the policy out. */
final class SandboxWire {
  private SandboxWire() {}

  /** The zygote's {@code hello.sandbox}; a missing probe means nothing is available. */
  static SandboxSupport support(JsonNode probe) {
    Map<String, String> reasons = new LinkedHashMap<>();
    probe.path("reasons").fields().forEachRemaining(e -> reasons.put(rename(e.getKey()), e.getValue().asText()));
    if (probe.isMissingNode() || probe.isNull()) {
      String why = "the harness did not probe the sandbox";
      for (String capability : new String[] {"landlock", "seccomp", "namespaces", "overlayfs"}) {
        reasons.put(capability, why);
      }
    }
    return new SandboxSupport(
        Math.max(0, probe.path("landlock_abi").asInt(0)),
        probe.path("seccomp").asBoolean(false),
        probe.path("namespaces").asBoolean(false),
        probe.path("user_namespace").asBoolean(false),
        probe.path("overlayfs").asBoolean(false),
        reasons);
  }

  private static String rename(String harnessKey) {
    return harnessKey.equals("landlock_abi") ? "landlock" : harnessKey;
  }

  /** The policy as the harness reads it, with the scratch directory of this run. */
  static ObjectNode policy(SandboxPolicy policy, Path scratch) {
    ObjectNode wire = FrameCodec.mapper().createObjectNode();
    wire.put("backend", policy.backend());
    wire.put("namespaces", policy.namespaces());
    policy.overlays().forEach(p -> wire.withArray("overlays").add(p.toString()));
    wire.put("loopback", policy.loopback());
    policy.landlock().ifPresent(landlock -> {
      ObjectNode rules = wire.putObject("landlock");
      rules.putArray("writable");
      landlock.writable().forEach(p -> rules.withArray("writable").add(p.toString()));
    });
    policy.seccompDenied().forEach(name -> wire.withArray("seccomp_deny").add(name));
    wire.put("scratch", scratch.toString());
    return wire;
  }

  /** The error code of a sandbox step that failed in the harness. */
  static ErrorCode codeOf(String step) {
    switch (step) {
      case "landlock":
        return ErrorCode.E006;
      case "seccomp":
        return ErrorCode.E015;
      default:
        return ErrorCode.E012;
    }
  }
}
