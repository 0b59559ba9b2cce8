package dev.tach.scheduler;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What static discovery knew before the zygote collected: the planner's prior. The zygote's
 * collection stays the authority on which tests exist; this plan only shapes the batches and
 * is compared with the real collection.
 *
 * @param nodeIds the node ids static discovery expects
 * @param splittableModules modules (node-id paths) whose tests share nothing wider than a
 *     function: no class-, module- or package-scoped fixture, no xunit {@code setup_module} /
 *     {@code setup_class}, no {@code unittest} class. Their tests may be spread over several
 *     batches (workers) to balance the end of a run; any other module stays one batch
 * @param debug where the differences between the plan and the real collection are logged
 */
@Api(Api.Status.INTERNAL)
public record StaticPlan(Set<String> nodeIds, Set<String> splittableModules, Consumer<String> debug) {

  public StaticPlan {
    nodeIds = Set.copyOf(nodeIds);
    splittableModules = Set.copyOf(splittableModules);
    requireNonNull(debug, "debug is null");
  }
}
