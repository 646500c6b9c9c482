//go:build ignore

// gen draws the demo municipality's photos: the town hall on its square and
// a lake among pines. Run from this folder: go run gen.go
package main

import (
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
)

func main() {
	write("rotuse.jpg", townHall(1280, 853))
	write("ezeras.jpg", lake(1280, 800))
}

func write(name string, img image.Image) {
	f, err := os.Create(name)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 78}); err != nil {
		panic(err)
	}
}

type canvas struct {
	*image.RGBA
	rnd *rand.Rand
}

func newCanvas(w, h int) *canvas {
	return &canvas{image.NewRGBA(image.Rect(0, 0, w, h)), rand.New(rand.NewPCG(17, 2026))}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

// grain varies a colour a little, as a photo's texture does.
func (c *canvas) grain(col color.RGBA, amount int) color.RGBA {
	d := c.rnd.IntN(2*amount+1) - amount
	v := func(x uint8) uint8 { return uint8(max(0, min(255, int(x)+d))) }
	return color.RGBA{v(col.R), v(col.G), v(col.B), 255}
}

func (c *canvas) rect(x0, y0, x1, y1 int, col color.RGBA, grain int) {
	for y := max(y0, 0); y < min(y1, c.Rect.Dy()); y++ {
		for x := max(x0, 0); x < min(x1, c.Rect.Dx()); x++ {
			c.SetRGBA(x, y, c.grain(col, grain))
		}
	}
}

func (c *canvas) sky(h int, top, bottom color.RGBA) {
	for y := 0; y < h; y++ {
		col := mix(top, bottom, float64(y)/float64(h))
		for x := 0; x < c.Rect.Dx(); x++ {
			c.SetRGBA(x, y, col)
		}
	}
}

// triangle fills the triangle with apex (ax, ay) and base y0 from x0 to x1.
func (c *canvas) triangle(ax, ay, x0, x1, y0 int, col color.RGBA, grain int) {
	for y := ay; y < y0; y++ {
		t := float64(y-ay) / float64(y0-ay)
		l := int(float64(ax) + t*float64(x0-ax))
		r := int(float64(ax) + t*float64(x1-ax))
		c.rect(l, y, r, y+1, col, grain)
	}
}

func (c *canvas) disc(cx, cy, r int, col color.RGBA, grain int) {
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r && image.Pt(x, y).In(c.Rect) {
				c.SetRGBA(x, y, c.grain(col, grain))
			}
		}
	}
}

func (c *canvas) pine(x, base, h int, col color.RGBA) {
	c.rect(x-h/40-1, base-h/6, x+h/40+1, base, color.RGBA{80, 55, 35, 255}, 6)
	for i := 0; i < 4; i++ {
		top := base - h + i*h/5
		c.triangle(x, top, x-h/4+i*h/40, x+h/4-i*h/40, top+h/2, mix(col, color.RGBA{10, 40, 20, 255}, float64(i)/6), 10)
	}
}

func townHall(w, h int) image.Image {
	c := newCanvas(w, h)
	c.sky(h*2/3, color.RGBA{95, 150, 215, 255}, color.RGBA{205, 225, 240, 255})
	for i := 0; i < 5; i++ { // clouds
		cx, cy := c.rnd.IntN(w), 40+c.rnd.IntN(h/4)
		for j := 0; j < 6; j++ {
			c.disc(cx+j*28-70, cy+c.rnd.IntN(20), 26+c.rnd.IntN(18), color.RGBA{245, 246, 250, 255}, 3)
		}
	}
	ground := h * 2 / 3
	c.rect(0, ground, w, h, color.RGBA{150, 145, 138, 255}, 14) // the square's paving
	for y := ground; y < h; y += 18 {
		c.rect(0, y, w, y+2, color.RGBA{120, 116, 110, 255}, 8)
	}
	// The town hall: a long two-storey building and a tower in its middle.
	wall, roof := color.RGBA{236, 226, 205, 255}, color.RGBA{150, 62, 45, 255}
	bx0, bx1, by := w/8, w*7/8, ground-h/4
	c.rect(bx0, by, bx1, ground, wall, 8)
	c.triangle(w/2, by-h/10, bx0-10, bx1+10, by, roof, 10)
	for x := bx0 + 30; x < bx1-40; x += 70 {
		for _, y := range []int{by + 25, by + h/8 + 10} {
			c.rect(x, y, x+34, y+48, color.RGBA{70, 90, 110, 255}, 10)
			c.rect(x+15, y, x+19, y+48, wall, 0)
		}
	}
	tx0, tx1 := w/2-60, w/2+60
	c.rect(tx0, by-h/3, tx1, ground, color.RGBA{242, 234, 215, 255}, 6)
	c.triangle(w/2, by-h/3-h/6, tx0-12, tx1+12, by-h/3, color.RGBA{60, 95, 80, 255}, 10) // the spire
	c.disc(w/2, by-h/3+50, 30, color.RGBA{250, 250, 245, 255}, 2)                        // the clock
	c.rect(w/2-2, by-h/3+28, w/2+2, by-h/3+52, color.RGBA{30, 30, 30, 255}, 0)
	c.rect(w/2, by-h/3+48, w/2+20, by-h/3+52, color.RGBA{30, 30, 30, 255}, 0)
	c.rect(w/2-30, ground-90, w/2+30, ground, color.RGBA{95, 60, 40, 255}, 8) // the door
	for _, x := range []int{w / 16, w * 15 / 16} {
		c.rect(x-6, ground-120, x+6, ground+20, color.RGBA{85, 60, 40, 255}, 8)
		c.disc(x, ground-150, 70, color.RGBA{70, 125, 60, 255}, 18)
	}
	return c
}

func lake(w, h int) image.Image {
	c := newCanvas(w, h)
	horizon := h / 2
	c.sky(horizon, color.RGBA{120, 170, 225, 255}, color.RGBA{250, 220, 180, 255})
	c.disc(w*3/4, horizon-h/8, 45, color.RGBA{255, 240, 200, 255}, 2)
	for x := 0; x < w; x++ { // distant hills
		top := horizon - 40 - int(30*math.Sin(float64(x)/130)+20*math.Sin(float64(x)/47))
		c.rect(x, top, x+1, horizon, color.RGBA{80, 110, 100, 255}, 6)
	}
	for y := horizon; y < h; y++ { // the lake, darker nearer
		col := mix(color.RGBA{150, 185, 215, 255}, color.RGBA{40, 80, 120, 255}, float64(y-horizon)/float64(h-horizon))
		for x := 0; x < w; x++ {
			if (x/7+y/3)%23 == 0 {
				c.SetRGBA(x, y, mix(col, color.RGBA{255, 255, 255, 255}, .35)) // ripples
			} else {
				c.SetRGBA(x, y, col)
			}
		}
	}
	for x := -20; x < w/3; x += 38 { // pines on the left shore
		c.pine(x+c.rnd.IntN(20), horizon+30, 180+c.rnd.IntN(90), color.RGBA{30, 90, 45, 255})
	}
	c.rect(0, horizon+25, w/3+40, horizon+45, color.RGBA{190, 170, 120, 255}, 12) // sand
	c.rect(w/2, h*3/4, w/2+120, h*3/4+14, color.RGBA{120, 70, 40, 255}, 10)       // a boat
	return c
}
