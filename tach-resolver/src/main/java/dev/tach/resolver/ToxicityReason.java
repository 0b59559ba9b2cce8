package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;

/**
 * Why a module or test is toxic: the shortest import chain to a toxic root, or a marker.
 *
 * @param chain where it starts (a test's node id, a module's path or dotted name) and each module
 *     imported on the way, the toxic root last; a conftest appears right after the test it applies
 *     to, because the zygote imports it for every test below its directory
 * @param root the toxic root module, or {@code @pytest.mark.tach_toxic}
 * @param why what the root does ({@code opens sockets}) or the marker's reason
 */
@Api(Api.Status.EXPERIMENTAL)
public record ToxicityReason(List<String> chain, String root, String why) {

  public ToxicityReason {
    chain = List.copyOf(chain);
    requireNonNull(root, "root is null");
    requireNonNull(why, "why is null");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain is empty");
    }
  }

  /** {@code tests/test_a.py -> mypkg.server -> socket (opens sockets)}. */
  public String text() {
    return String.join(" -> ", chain) + " (" + why + ")";
  }
}
