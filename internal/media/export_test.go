package media

// The test files, for the handler tests of package media_test.
var (
	GPSJPEG    = gpsJPEG
	MetaPNG    = metaPNG
	MetaWebP   = metaWebP
	MinimalPDF = minimalPDF
	ODT        = odt
	DOCX       = docx
	PNGOf      = pngOf
	Photo      = photo
)

// Secrets a photo's metadata carries in the test files.
const (
	SecretCamera = secretCamera
	SecretText   = secretText
)
