package dunes.build;

import org.camunda.bpm.engine.BadUserRequestException;

/** A build request for a change ticket that was cancelled: nothing is started. */
public class CancelledTicketException extends BadUserRequestException {

  public CancelledTicketException(CancelRegistry.Cancellation cancellation) {
    super("change ticket '" + cancellation.ticket() + "' was cancelled"
        + (cancellation.requestedBy() == null ? "" : " by " + cancellation.requestedBy())
        + " at " + cancellation.requestedAt() + "; nothing was started");
  }
}
