package dunes.security;

import dunes.build.TicketRegistry;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The four-eyes rule of an approval: the person who decides is not the build's requester, as
 * {@link TicketRegistry} recorded it when the build started — never a process variable. One rule
 * for both places that apply it: {@link EngineApiGuard} before a REST completion reaches the engine
 * (a 403), and {@link FourEyesListener} inside the engine for every other way.
 */
@Component
public class FourEyesRule {

  /** The complete listener that marks a task as an approval, as the BPMN names it. */
  static final String LISTENER = "${fourEyes}";

  private final TicketRegistry tickets;

  public FourEyesRule(TicketRegistry tickets) {
    this.tickets = tickets;
  }

  /** Why {@code user} may not complete {@code taskName} of build {@code build}; empty when they may. */
  Optional<String> refusal(String taskName, String build, String user) {
    String requester = build == null ? null : tickets.requester(build).orElse(null);
    if (requester == null) {
      return Optional.of("'" + taskName + "' cannot be completed: Dunes recorded no requester for build '" + build
          + "', so four eyes cannot be checked");
    }
    // ids compare as the identity store does: SQL Server's default collation logs "OPERATOR" in as "operator"
    if (requester.toLowerCase(Locale.ROOT).equals(user.toLowerCase(Locale.ROOT))) {
      return Optional.of("'" + taskName + "' cannot be completed by " + user
          + ", who requested the build: a second person must decide (four eyes)");
    }
    return Optional.empty();
  }
}
