package org.clostera;

/** A parameter is out of range or inconsistent with the data (K > rows, Ks outside 2..256, ...). */
public class InvalidParameterException extends ClosteraException {
    private static final long serialVersionUID = 1L;

    public InvalidParameterException(String message) {
        super(message);
    }
}
