package dunes.plan;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.dns.RequestZones;
import dunes.preflight.Preflight;
import dunes.preflight.PreflightCheck;
import dunes.preflight.PreflightReport;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/builds?dryRun=true}, like {@code terraform plan}: the request read and validated
 * as a real one, the preflight run and the plan made, synchronously. Nothing is started and no
 * engine or Dunes row is written.
 */
@Component
public class DryRun {

  /** What the preflight found; {@code errors} are its failed checks as field errors. */
  public record PreflightResult(boolean passed, List<PreflightCheck> checks, List<FieldError> errors) {}

  /** A build that would stop at the preflight ({@code passed} false) would not reach its plan. */
  public record Result(PreflightResult preflight, BuildPlan plan) {}

  private final BuildRequestReader reader;
  private final RequestZones zones;
  private final Preflight preflight;

  public DryRun(BuildRequestReader reader, RequestZones zones, Preflight preflight) {
    this.reader = reader;
    this.zones = zones;
    this.preflight = preflight;
  }

  /** @throws dunes.build.InvalidBuildRequestException with the same field errors as a real request */
  public Result run(String json) {
    BuildSpec spec = reader.read(json);
    // as a build's first step does: the request's names are asked of its DNS servers (in memory, no row)
    zones.learn(spec.network().domain(), spec.network().dns());
    PreflightReport report = preflight.run(spec);
    return new Result(new PreflightResult(report.passed(), report.checks(), report.errors()),
        PlanBuilder.plan(spec, report));
  }
}
