package dunes.build;

import org.camunda.bpm.engine.BadUserRequestException;

/** A second request for a ticket that already has a build: nothing is started. */
public class DuplicateBuildException extends BadUserRequestException {

  private final String ticket;

  public DuplicateBuildException(String ticket, String existingProcessInstanceId) {
    super("change ticket '" + ticket + "' already has a build (process instance "
        + existingProcessInstanceId + "); nothing was started");
    this.ticket = ticket;
  }

  public String ticket() {
    return ticket;
  }
}
