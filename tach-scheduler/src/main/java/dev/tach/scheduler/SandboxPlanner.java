package dev.tach.scheduler;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.RunEvent;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.api.spi.SandboxSupport;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the sandbox of a run once the zygote has probed the machine (the process that forks
 * the workers is the one whose answer counts: its user, its kernel, its seccomp state).
 */
@Api(Api.Status.INTERNAL)
@FunctionalInterface
public interface SandboxPlanner {

  /** The policy for what the zygote found, and what the user should hear about it. */
  Plan plan(SandboxSupport support);

  /**
   * The outcome.
   *
   * @param policy the policy every worker gets; empty for none
   * @param warnings what could not be had, each with its error code
   */
  record Plan(Optional<SandboxPolicy> policy, List<RunEvent.Warning> warnings) {
    public Plan {
      requireNonNull(policy, "policy is null");
      warnings = List.copyOf(warnings);
    }
  }
}
