package dev.tach.cli;

import dev.tach.api.Api;
import dev.tach.api.Launcher;
import dev.tach.api.RunRequest;
import dev.tach.api.RunSummary;
import dev.tach.cli.internal.RunService;
import dev.tach.cli.internal.CompositionRoot;
import java.util.List;

/**
 * The engine behind {@link dev.tach.api.Tach#launcher()}: reporters and strategies come from
 * the request (and from ServiceLoader unless the request turns discovery off); nothing is
 * printed except by the reporters handed in.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class TachLauncher implements Launcher {

  @Override
  public RunSummary run(RunRequest request) {
    RunService service =
        CompositionRoot.runService(System.getenv(), request.discoverPlugins(), List.of(), request.strategies());
    return service.run(request, List.of(), RunService.silentContext(request.projectDir()), engine -> {}, false);
  }
}
