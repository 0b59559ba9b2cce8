/** pytest's {@code -k} and {@code -m} selection, applied to statically discovered tests. */
package dev.tach.discovery.select;
