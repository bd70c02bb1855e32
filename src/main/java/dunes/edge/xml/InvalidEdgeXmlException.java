package dunes.edge.xml;

import dunes.xml.InvalidXmlException;

/** A body that is not the expected edge XML. */
public class InvalidEdgeXmlException extends InvalidXmlException {

  public InvalidEdgeXmlException(String message) {
    super(message);
  }

  public InvalidEdgeXmlException(String message, Throwable cause) {
    super(message, cause);
  }
}
