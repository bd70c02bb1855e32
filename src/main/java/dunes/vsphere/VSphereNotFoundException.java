package dunes.vsphere;

/** An object the request names does not exist, e.g. "datastore 'X' not found in datacenter 'LabDC'". */
public class VSphereNotFoundException extends VSphereException {

  public VSphereNotFoundException(String message) {
    super(message);
  }
}
