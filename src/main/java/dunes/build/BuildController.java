package dunes.build;

import dunes.plan.DryRun;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The build request API (docs/api.md). */
@RestController
@RequestMapping("/api/builds")
class BuildController {

  private final BuildService builds;
  private final BuildStatusReader statuses;
  private final DryRun dryRun;

  BuildController(BuildService builds, BuildStatusReader statuses, DryRun dryRun) {
    this.builds = builds;
    this.statuses = statuses;
    this.dryRun = dryRun;
  }

  /** 200 with the preflight's result and the plan, 400 with field errors; starts nothing, writes nothing. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, params = "dryRun=true")
  ResponseEntity<DryRun.Result> plan(@RequestBody String request) {
    return ResponseEntity.ok(dryRun.run(request));
  }

  /** 201 with the new build, 200 with the ticket's existing build, 400 with field errors, 409 for a cancelled ticket. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> submit(@RequestBody String request, @RequestParam(name = "dryRun", required = false) String dry) {
    if (dry != null && !dry.equals("false")) { // a mistyped dry run must not start a real build
      return ResponseEntity.badRequest().body(Map.of("status", 400, "message", "dryRun is true or false; nothing"
          + " was started"));
    }
    BuildService.Submission submission = builds.submit(request);
    if (!submission.created()) {
      return ResponseEntity.ok(submission.status());
    }
    return ResponseEntity.created(URI.create("/api/builds/" + submission.status().ticket()))
        .body(submission.status());
  }

  @GetMapping("/{ticket}")
  ResponseEntity<BuildStatus> status(@PathVariable String ticket) {
    return ResponseEntity.of(statuses.find(ticket));
  }

  /**
   * 202 once the cancel is recorded (again 202 while the build has not ended: the first record
   * stays), 200 when the build already ended cancelled, 409 when it ended otherwise — each with
   * the build's status; 404 when the ticket has no build.
   */
  @PostMapping("/{ticket}/cancel")
  ResponseEntity<Object> cancel(@PathVariable String ticket) {
    return builds.cancel(ticket).<ResponseEntity<Object>>map(cancel -> ResponseEntity.status(switch (cancel.result()) {
      case ACCEPTED -> HttpStatus.ACCEPTED;
      case CANCELLED -> HttpStatus.OK;
      case ENDED -> HttpStatus.CONFLICT;
    }).body(cancel.status())).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of(
        "status", 404, "message", "this change ticket has no build; nothing was recorded")));
  }

  @ExceptionHandler(CancelledTicketException.class)
  ResponseEntity<Map<String, Object>> cancelled(CancelledTicketException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409, "message", e.getMessage()));
  }

  @ExceptionHandler(InvalidBuildRequestException.class)
  ResponseEntity<Map<String, Object>> invalid(InvalidBuildRequestException e) {
    List<FieldError> errors = e.errors();
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of(
        "status", 400,
        "message", "the build request has " + errors.size() + " error(s); nothing was started",
        "errors", errors));
  }

  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<Map<String, Object>> forbidden(AuthorizationException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("status", 403, "message", e.getMessage()));
  }
}
