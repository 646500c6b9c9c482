// Package media is the media library (WEB-22, WEB-17): images and documents
// uploaded once as items of their own and linked from any number of pages.
//
// A file's type is judged from its content; its name survives only as a
// readable slug in the address /failai/{id}/{slug}. Images lose their EXIF
// and other metadata (a photo's GPS position above all) on the way in, and
// are served in sizes that fit the layout. A file is public once the live
// revision of a live page links to it; before that only the staff who may
// see the item get it, and everyone else a 404.
package media
