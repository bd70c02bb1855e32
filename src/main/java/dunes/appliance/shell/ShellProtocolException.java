package dunes.appliance.shell;

/** The node answered something Dunes does not understand, e.g. a service status in another wording. */
public class ShellProtocolException extends ShellException {

  ShellProtocolException(String message) {
    super(message);
  }
}
