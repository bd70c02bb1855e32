package dunes.build;

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
import org.springframework.web.bind.annotation.RestController;

/** The build request API (docs/api.md). */
@RestController
@RequestMapping("/api/builds")
class BuildController {

  private final BuildService builds;
  private final BuildStatusReader statuses;

  BuildController(BuildService builds, BuildStatusReader statuses) {
    this.builds = builds;
    this.statuses = statuses;
  }

  /** 201 with the new build, 200 with the ticket's existing build, 400 with field errors. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<BuildStatus> submit(@RequestBody String request) {
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
