package dunes.edge.xml;

/** A body that is not the expected edge XML. */
public class InvalidEdgeXmlException extends RuntimeException {

  public InvalidEdgeXmlException(String message) {
    super(message);
  }

  public InvalidEdgeXmlException(String message, Throwable cause) {
    super(message, cause);
  }
}
