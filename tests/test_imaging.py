import io

import pytest
from PIL import Image

from news.imaging import MAX_PIXELS, ImageRejected, check_image


def image_bytes(fmt="JPEG", size=(40, 30), exif=None):
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_accepts_the_four_formats(fmt):
    checked = check_image(image_bytes(fmt))
    assert (checked.format, checked.width, checked.height) == (fmt, 40, 30)


def test_strips_gps_location_from_jpeg():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0)}  # GPSInfo
    exif[0x010F] = "相机厂商"
    data = image_bytes("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(data)).getexif().get(0x8825) is not None
    cleaned = Image.open(io.BytesIO(check_image(data).content))
    assert 0x8825 not in cleaned.getexif()


def test_scales_down_to_max_side():
    checked = check_image(image_bytes("PNG", size=(3000, 1500)), max_side=1200)
    assert (checked.width, checked.height) == (1200, 600)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "空"),
        (b"not an image at all, just text renamed to .jpg", "无法识别"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "无法识别"),
        (image_bytes("PNG", size=(400, 300))[:300], "损坏"),
    ],
)
def test_refuses_what_is_not_an_accepted_image(data, message):
    with pytest.raises(ImageRejected, match=message):
        check_image(data)


def test_refuses_other_formats_even_if_pillow_reads_them():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    with pytest.raises(ImageRejected, match="BMP"):
        check_image(out.getvalue())


def test_refuses_a_decompression_bomb_before_decoding_it():
    side = int(MAX_PIXELS**0.5) + 100
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")  # tiny file, huge canvas
    assert len(out.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(ImageRejected, match="像素过多"):
        check_image(out.getvalue())
