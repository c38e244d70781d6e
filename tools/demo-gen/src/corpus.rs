//! Word lists and templates for the generated part of the demo corpus.
//!
//! Every string is plain text (never HTML): the generator escapes it when it builds `content_html`.
//! Placeholders in braces are filled per item by `Ctx::fill` in lib.rs; a test checks that every
//! template here fills without a leftover brace.

/// A commune, ward or town and the district it belongs to.
pub struct Place {
    /// "xã", "phường" or "thị trấn"
    pub kind: &'static str,
    pub name: &'static str,
    /// "huyện" or "quận"
    pub district_kind: &'static str,
    pub district: &'static str,
}

const fn xa(name: &'static str, district: &'static str) -> Place {
    Place {
        kind: "xã",
        name,
        district_kind: "huyện",
        district,
    }
}

pub const PLACES: &[Place] = &[
    xa("Thụy Hương", "Kiến Thụy"),
    xa("Thanh Sơn", "Kiến Thụy"),
    xa("Đại Hà", "Kiến Thụy"),
    xa("Đại Đồng", "Kiến Thụy"),
    xa("Minh Tân", "Kiến Thụy"),
    xa("Tân Trào", "Kiến Thụy"),
    xa("Ngũ Phúc", "Kiến Thụy"),
    xa("Du Lễ", "Kiến Thụy"),
    xa("Hữu Bằng", "Kiến Thụy"),
    xa("Đoàn Xá", "Kiến Thụy"),
    xa("Tú Sơn", "Kiến Thụy"),
    xa("Kiến Quốc", "Kiến Thụy"),
    Place {
        kind: "thị trấn",
        name: "Núi Đối",
        district_kind: "huyện",
        district: "Kiến Thụy",
    },
    xa("Thi Sơn", "Kim Bảng"),
    xa("Nhật Tân", "Kim Bảng"),
    xa("Khả Phong", "Kim Bảng"),
    xa("Liên Sơn", "Kim Bảng"),
    xa("Ba Sao", "Kim Bảng"),
    Place {
        kind: "thị trấn",
        name: "Quế",
        district_kind: "huyện",
        district: "Kim Bảng",
    },
    xa("Tiên Thắng", "Tiên Lãng"),
    xa("Quyết Tiến", "Tiên Lãng"),
    xa("Đông Hưng", "Tiên Lãng"),
    xa("Quốc Tuấn", "An Lão"),
    xa("An Thắng", "An Lão"),
    xa("Cổ Am", "Vĩnh Bảo"),
    xa("Vĩnh Tiến", "Vĩnh Bảo"),
    Place {
        kind: "phường",
        name: "Vạn Hương",
        district_kind: "quận",
        district: "Đồ Sơn",
    },
    Place {
        kind: "phường",
        name: "Ngọc Xuyên",
        district_kind: "quận",
        district: "Đồ Sơn",
    },
];

pub const VILLAGES: &[&str] = &[
    "Phúc Lộc",
    "Cẩm Hoàn",
    "Kính Trực",
    "Xuân La",
    "Trung Hành",
    "Đông Tác",
    "Lão Phong",
    "Văn Hòa",
    "Cổ Trai",
    "Phương Đôi",
];

pub const MEN: &[&str] = &[
    "Nguyễn Văn Hùng",
    "Phạm Minh Đức",
    "Vũ Quang Huy",
    "Hoàng Văn Nam",
    "Đặng Văn Thắng",
    "Trần Đình Khôi",
    "Lê Văn Toản",
    "Bùi Xuân Trường",
    "Đỗ Mạnh Cường",
    "Ngô Quốc Việt",
];

pub const WOMEN: &[&str] = &[
    "Trần Thị Lan",
    "Lê Thị Thu Hà",
    "Đỗ Thị Hằng",
    "Bùi Thị Ngọc",
    "Ngô Thị Mai",
    "Phạm Thị Hương",
    "Nguyễn Thị Thanh Tâm",
    "Vũ Thị Yến",
    "Hoàng Thị Loan",
    "Đinh Thị Nga",
];

/// Reporters' bylines for generated items ("Mai Chi" is the first seed's real byline and stays hers).
pub const BYLINES: &[&str] = &[
    "Minh Thu",
    "Hoàng Anh",
    "Thanh Hà",
    "Quang Vinh",
    "Ngọc Lan",
    "Đức Mạnh",
    "Phương Thảo",
    "Văn Long",
    "Thu Trang",
    "Bảo Ngọc",
    "Hải Yến",
    "Trung Kiên",
];

pub const ROLES: &[&str] = &["Chủ tịch UBND", "Phó Chủ tịch UBND", "Bí thư Đảng ủy"];

/// (long form for a lead, short form for a price headline)
pub const CROPS: &[(&str, &str)] = &[
    ("trồng dưa lưới trong nhà màng", "dưa lưới"),
    ("nuôi tôm thẻ chân trắng công nghệ cao", "tôm thẻ"),
    ("trồng nấm rơm", "nấm rơm"),
    ("cấy lúa hữu cơ", "gạo hữu cơ"),
    ("nuôi cá rô đồng", "cá rô đồng"),
    ("trồng cà chua trái vụ", "cà chua"),
    ("trồng hoa cúc", "hoa cúc"),
];

pub const CRAFTS: &[&str] = &[
    "dệt chiếu cói",
    "đan lát mây tre",
    "làm bánh đa",
    "làm nước mắm",
    "nặn tò he",
    "làm hương",
];

/// The illustrations in `demo/img/` (file name, alt text, figure caption template). 640x360 each.
pub struct Illustration {
    pub file: &'static str,
    pub alt: &'static str,
    pub caption: &'static str,
}

pub const IMG_W: u32 = 640;
pub const IMG_H: u32 = 360;

pub const ILLUSTRATIONS: &[Illustration] = &[
    Illustration {
        file: "ruong-lua.svg",
        alt: "Cánh đồng lúa xanh dưới bầu trời có nắng",
        caption: "Cánh đồng lúa {place} vào vụ. (Ảnh minh họa)",
    },
    Illustration {
        file: "duong-lang.svg",
        alt: "Con đường bê tông chạy giữa hai hàng cây vào làng",
        caption: "Đường liên thôn ở {place} đã được bê tông hóa. (Ảnh minh họa)",
    },
    Illustration {
        file: "truong-hoc.svg",
        alt: "Ngôi trường hai tầng mái đỏ có cột cờ trước sân",
        caption: "Trường học mới ở {place}. (Ảnh minh họa)",
    },
    Illustration {
        file: "tram-y-te.svg",
        alt: "Trạm y tế xã sơn trắng có dấu chữ thập xanh",
        caption: "Trạm y tế {place}. (Ảnh minh họa)",
    },
    Illustration {
        file: "cho-que.svg",
        alt: "Phiên chợ quê với các mái che nhiều màu",
        caption: "Phiên chợ sáng ở {place}. (Ảnh minh họa)",
    },
    Illustration {
        file: "san-van-dong.svg",
        alt: "Sân vận động cỏ xanh với khán đài và hai khung thành",
        caption: "Sân vận động {place_name}. (Ảnh minh họa)",
    },
];

/// A news section: its tag, its id prefix, the illustrations that fit it, title/lead pairs, body paragraphs
/// and an optional table (header row, row label source, two number columns as (min, max) ranges).
pub struct Section {
    pub tag: &'static str,
    pub slug: &'static str,
    /// suitable illustrations (indices into ILLUSTRATIONS), the first preferred
    pub images: &'static [usize],
    pub stories: &'static [(&'static str, &'static str)],
    pub body: &'static [&'static str],
    pub table: Option<Table>,
}

pub struct Table {
    pub intro: &'static str,
    pub head: [&'static str; 3],
    /// put before each row's commune name ("Tiểu học " for schools, "" for communes and teams)
    pub row_prefix: &'static str,
    pub col1: (u32, u32),
    pub col2: (u32, u32),
}

pub const SECTIONS: &[Section] = &[
    Section {
        tag: "Thời sự",
        slug: "thoi-su",
        images: &[1, 4],
        stories: &[
            ("{Place} tổ chức hội nghị tiếp xúc cử tri trước kỳ họp HĐND",
             "Ngày {day}/{month}, {place} tổ chức hội nghị tiếp xúc cử tri trước kỳ họp thường kỳ Hội đồng nhân dân {district}, thu hút đông đảo cử tri các thôn tham dự."),
            ("{Place} ra quân tổng vệ sinh môi trường",
             "Hưởng ứng phong trào “Ngày Chủ nhật xanh”, sáng {day}/{month}, hàng trăm cán bộ, đoàn viên và người dân {place} đã ra quân thu gom rác thải, phát quang bụi rậm, khơi thông cống rãnh."),
            ("Lãnh đạo {district} kiểm tra công tác phòng, chống thiên tai tại {place}",
             "Trước diễn biến phức tạp của thời tiết mùa mưa bão, đoàn công tác của {district} đã kiểm tra thực tế các tuyến đê, cống và phương án sơ tán dân tại {place}."),
            ("{Place} đối thoại với nhân dân về giải phóng mặt bằng",
             "{Place} vừa tổ chức buổi đối thoại trực tiếp với các hộ dân có đất bị thu hồi để thực hiện dự án mở rộng tuyến đường liên xã."),
        ],
        body: &[
            "Tham dự có {n_med} đại biểu là cán bộ, đảng viên, trưởng các đoàn thể và đại diện nhân dân các thôn trên địa bàn.",
            "Tại buổi làm việc, người dân đã nêu {n_tiny} nhóm ý kiến, kiến nghị tập trung vào việc cải tạo đường giao thông nông thôn, nạo vét kênh mương nội đồng, thu gom rác thải sinh hoạt và chế độ chính sách cho người có công.",
            "Phát biểu tại buổi làm việc, {role_person}, đề nghị các thôn rà soát lại các điểm xung yếu, chuẩn bị đầy đủ vật tư, phương tiện theo phương châm “bốn tại chỗ”, không để bị động, bất ngờ khi có tình huống xảy ra.",
            "Theo báo cáo, từ đầu năm đến nay địa phương đã vận động nhân dân hiến hơn {area} m² đất để mở rộng đường liên thôn, làm mới {km} km đường bê tông với tổng kinh phí gần {money}.",
            "Các ý kiến thuộc thẩm quyền đã được lãnh đạo địa phương tiếp thu, giải trình ngay tại hội nghị; những nội dung vượt thẩm quyền được tổng hợp, báo cáo lên cấp trên xem xét, giải quyết.",
            "Dịp này, địa phương cũng khen thưởng {n_small} tập thể và cá nhân có thành tích xuất sắc trong phong trào thi đua yêu nước.",
        ],
        table: None,
    },
    Section {
        tag: "Kinh tế",
        slug: "kinh-te",
        images: &[4, 0],
        stories: &[
            ("Nông dân {place} thu lãi cao từ mô hình {crop}",
             "Mô hình {crop} đang mở ra hướng làm giàu mới cho nông dân {place}, mang lại hiệu quả kinh tế cao hơn nhiều lần so với sản xuất truyền thống."),
            ("{Place} có thêm {n_tiny} sản phẩm đạt chuẩn OCOP",
             "{Place} vừa có thêm {n_tiny} sản phẩm được Hội đồng đánh giá, phân hạng công nhận đạt chuẩn OCOP 3 sao, nâng tổng số sản phẩm OCOP của địa phương lên {n_small}."),
            ("Giá {crop_short} tăng, nông dân {place} phấn khởi",
             "Những ngày này, giá {crop_short} tại {place} tăng khoảng {pct_small}% so với cùng kỳ năm trước, giúp người sản xuất có thêm thu nhập."),
            ("Khởi công hạ tầng cụm công nghiệp tại {district}",
             "Sáng {day}/{month}, {district} tổ chức lễ khởi công xây dựng hạ tầng cụm công nghiệp với tổng vốn đầu tư {money}, dự kiến tạo việc làm cho khoảng {workers} lao động địa phương."),
        ],
        body: &[
            "Theo {role_person}, toàn xã hiện có {n_med} hộ tham gia sản xuất hàng hóa trên diện tích khoảng {ha} ha, thu nhập bình quân cao gấp {times} lần so với cấy lúa truyền thống.",
            "Để nâng cao giá trị sản phẩm, các hộ đã liên kết thành lập tổ hợp tác, áp dụng quy trình VietGAP, ghi chép nhật ký sản xuất và dán tem truy xuất nguồn gốc trước khi đưa ra thị trường.",
            "Bà {woman}, một hộ dân trong thôn, chia sẻ: “Trước đây gia đình tôi chỉ cấy lúa, làm quanh năm vẫn không đủ chi tiêu. Từ khi chuyển đổi sang mô hình mới, thu nhập ổn định hơn nhiều, con cái được học hành đầy đủ.”",
            "Sản phẩm làm ra chủ yếu được tiêu thụ tại các chợ đầu mối, siêu thị trong thành phố và qua các sàn thương mại điện tử, giá bán ổn định ở mức {price} đồng/kg.",
            "Thời gian tới, địa phương tiếp tục hỗ trợ nông dân tiếp cận nguồn vốn vay ưu đãi, tập huấn kỹ thuật và xây dựng nhãn hiệu tập thể, hướng tới hình thành vùng sản xuất hàng hóa tập trung.",
            "Tính đến nay, {district} có {n_small2} sản phẩm được công nhận đạt chuẩn OCOP từ 3 sao trở lên, nhiều sản phẩm đã có mặt ở các hệ thống siêu thị lớn.",
        ],
        table: Some(Table {
            intro: "Diện tích và sản lượng ở một số xã trong vụ vừa qua:",
            head: ["Xã", "Diện tích (ha)", "Sản lượng (tấn)"],
            row_prefix: "",
            col1: (12, 180),
            col2: (90, 2400),
        }),
    },
    Section {
        tag: "Nông thôn mới",
        slug: "nong-thon-moi",
        images: &[0, 1],
        stories: &[
            ("{Place} về đích nông thôn mới nâng cao",
             "{Place} vừa được công nhận đạt chuẩn nông thôn mới nâng cao, trở thành một trong những địa phương dẫn đầu của {district} trong phong trào xây dựng nông thôn mới."),
            ("{Place} huy động {money} xây dựng nông thôn mới kiểu mẫu",
             "Với cách làm sáng tạo, {place} đã huy động tổng nguồn lực {money} để đầu tư hạ tầng, phấn đấu đạt chuẩn xã nông thôn mới kiểu mẫu."),
            ("Đường làng {place} khoác áo mới",
             "Những con đường bê tông phẳng lì, rợp bóng cây và hoa đã làm thay đổi diện mạo các thôn, xóm của {place}."),
            ("Người dân {place} hiến đất mở đường",
             "Phát huy vai trò chủ thể, người dân {place} đã tự nguyện hiến hàng nghìn mét vuông đất, tháo dỡ tường rào để mở rộng đường giao thông nông thôn."),
        ],
        body: &[
            "Năm nay, địa phương đặt mục tiêu hoàn thành 19/19 tiêu chí xã nông thôn mới nâng cao, trong đó tập trung vào các tiêu chí còn khó như thu nhập, môi trường và chuyển đổi số.",
            "Từ đầu năm đến nay, toàn xã đã huy động được {money} cho xây dựng nông thôn mới, trong đó nhân dân đóng góp hơn {pct}% bằng tiền, ngày công và hiến đất.",
            "Nhiều tuyến đường trục thôn, ngõ xóm được bê tông hóa, lắp đặt hệ thống đèn chiếu sáng bằng năng lượng mặt trời và trồng hoa hai bên, tạo cảnh quan sáng, xanh, sạch, đẹp.",
            "Ông {man}, Trưởng thôn {village}, cho biết: “Bà con thấy được lợi ích thiết thực nên ai cũng tự nguyện góp công, góp của. Có hộ hiến cả trăm mét vuông đất vườn để mở rộng đường.”",
            "Thu nhập bình quân đầu người của xã năm qua đạt khoảng {income} triệu đồng, tỷ lệ hộ nghèo giảm còn {pct_small}%.",
            "Bên cạnh hạ tầng, xã chú trọng xây dựng đời sống văn hóa ở khu dân cư, duy trì {n_small} câu lạc bộ văn nghệ, thể thao và các mô hình “Khu dân cư tự quản về môi trường”.",
        ],
        table: Some(Table {
            intro: "Kết quả huy động nguồn lực ở một số xã:",
            head: ["Xã", "Số tiêu chí đạt", "Kinh phí huy động (triệu đồng)"],
            row_prefix: "",
            col1: (15, 19),
            col2: (850, 48000),
        }),
    },
    Section {
        tag: "Giáo dục",
        slug: "giao-duc",
        images: &[2],
        stories: &[
            ("{Place} khánh thành {rooms} phòng học mới trước thềm năm học",
             "Ngày {day}/{month}, {place} tổ chức lễ khánh thành và đưa vào sử dụng {rooms} phòng học mới, kịp thời phục vụ năm học mới."),
            ("Học sinh {district} giành {n_small} giải học sinh giỏi cấp thành phố",
             "Tại kỳ thi chọn học sinh giỏi cấp thành phố năm học {school_year}, học sinh {district} đạt {n_small} giải, trong đó có nhiều giải nhất, nhì."),
            ("Trường Tiểu học {place_name} đạt chuẩn quốc gia mức độ 2",
             "Sau nhiều năm nỗ lực đầu tư cơ sở vật chất và nâng cao chất lượng đội ngũ, Trường Tiểu học {place_name} vừa được công nhận đạt chuẩn quốc gia mức độ 2."),
            ("{Place} trao {n_med} suất học bổng cho học sinh vượt khó",
             "Hội Khuyến học {place} vừa tổ chức trao {n_med} suất học bổng cho học sinh có hoàn cảnh khó khăn, vượt khó học tốt."),
        ],
        body: &[
            "Công trình gồm {rooms} phòng học, phòng chức năng và khu vệ sinh khép kín, được xây dựng với tổng kinh phí hơn {money} từ ngân sách thành phố, huyện và nguồn xã hội hóa.",
            "Cô {woman}, Hiệu trưởng nhà trường, xúc động nói: “Các em sẽ được học tập trong những phòng học khang trang, thoáng mát, đủ ánh sáng. Đây là động lực để thầy và trò tiếp tục nâng cao chất lượng dạy và học.”",
            "Năm học vừa qua, tỷ lệ học sinh hoàn thành chương trình lớp học đạt {pct_high}%, nhiều em đạt giải trong các kỳ thi học sinh giỏi, Hội khỏe Phù Đổng và cuộc thi sáng tạo khoa học kỹ thuật.",
            "Hiện toàn {district} có {n_small2} trường đạt chuẩn quốc gia, hệ thống trường lớp cơ bản đáp ứng yêu cầu đổi mới chương trình giáo dục phổ thông.",
            "Các suất học bổng trị giá từ 1 đến 2 triệu đồng, do doanh nghiệp, nhà hảo tâm và hội khuyến học các cấp đóng góp, nhằm động viên các em vượt khó vươn lên trong học tập.",
            "Ngành giáo dục địa phương đang đẩy mạnh ứng dụng công nghệ thông tin trong dạy học, trang bị thêm máy chiếu, bảng tương tác và kết nối Internet tốc độ cao cho các lớp học.",
        ],
        table: Some(Table {
            intro: "Số học sinh và số giải của một số trường:",
            head: ["Trường", "Số học sinh", "Số giải học sinh giỏi"],
            row_prefix: "Tiểu học ",
            col1: (240, 1350),
            col2: (2, 38),
        }),
    },
    Section {
        tag: "Y tế",
        slug: "y-te",
        images: &[3],
        stories: &[
            ("{Place} khám sức khỏe miễn phí cho {n_med} người cao tuổi",
             "Hưởng ứng Tháng hành động vì người cao tuổi, {place} phối hợp với Trung tâm Y tế {district} tổ chức khám bệnh, cấp thuốc miễn phí cho {n_med} người cao tuổi trên địa bàn."),
            ("Trạm y tế {place_name} được đầu tư trang thiết bị mới",
             "Trạm y tế {place} vừa được bàn giao máy siêu âm, máy điện tim và nhiều trang thiết bị y tế thiết yếu, góp phần nâng cao chất lượng khám, chữa bệnh ban đầu."),
            ("{District} chủ động phòng, chống sốt xuất huyết",
             "Trước nguy cơ dịch sốt xuất huyết gia tăng trong mùa mưa, {district} đã triển khai đồng bộ các biện pháp phòng, chống dịch, trong đó có chiến dịch diệt bọ gậy tại {place}."),
            ("Tiêm chủng mở rộng đạt tỷ lệ cao tại {place}",
             "Nhờ làm tốt công tác tuyên truyền và tổ chức tiêm an toàn, tỷ lệ trẻ em được tiêm chủng đầy đủ tại {place} luôn duy trì ở mức cao."),
        ],
        body: &[
            "Các y, bác sĩ đã đo huyết áp, xét nghiệm đường máu, siêu âm, tư vấn chế độ dinh dưỡng và cấp phát thuốc miễn phí cho người dân, tập trung vào các bệnh mạn tính thường gặp ở người cao tuổi.",
            "Ông {man}, Trưởng trạm y tế xã, cho biết trạm hiện có {n_tiny} cán bộ gồm bác sĩ, y sĩ, điều dưỡng và hộ sinh; trung bình mỗi ngày tiếp nhận khám, chữa bệnh cho khoảng {n_small2} lượt người.",
            "Trung tâm Y tế huyện khuyến cáo người dân diệt muỗi, loại bỏ bọ gậy, đậy kín các dụng cụ chứa nước và đến cơ sở y tế ngay khi có biểu hiện sốt cao, xuất huyết.",
            "Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc-xin đạt {pct_high}%, tỷ lệ người dân tham gia bảo hiểm y tế đạt {pct_high2}%.",
            "Việc triển khai hồ sơ sức khỏe điện tử giúp người dân tiết kiệm thời gian, còn cán bộ y tế theo dõi, quản lý bệnh nhân thuận lợi hơn.",
            "Chương trình do Hội Chữ thập đỏ huyện phối hợp với các nhà tài trợ tổ chức, tổng giá trị thuốc và quà tặng gần {money_small}.",
        ],
        table: Some(Table {
            intro: "Kết quả khám bệnh và tham gia bảo hiểm y tế:",
            head: ["Xã", "Lượt khám", "Tỷ lệ tham gia BHYT (%)"],
            row_prefix: "",
            col1: (320, 4800),
            col2: (86, 99),
        }),
    },
    Section {
        tag: "Văn hóa",
        slug: "van-hoa",
        images: &[4, 1],
        stories: &[
            ("Lễ hội truyền thống {place} thu hút đông đảo du khách",
             "Lễ hội truyền thống {place} năm nay được tổ chức trang trọng, thu hút hàng nghìn người dân và du khách thập phương về dự."),
            ("{Place} khai mạc hội thi văn nghệ quần chúng",
             "Tối {day}/{month}, {place} khai mạc hội thi văn nghệ quần chúng chào mừng các ngày lễ lớn của đất nước."),
            ("Gìn giữ nghề {craft} ở {place}",
             "Dù trải qua nhiều thăng trầm, nghề {craft} ở {place} vẫn được các thế hệ người dân gìn giữ, trở thành nét văn hóa riêng của quê hương."),
            ("Đình làng {village} được công nhận di tích lịch sử cấp thành phố",
             "Đình làng {village}, {place} vừa được công nhận là di tích lịch sử – văn hóa cấp thành phố, ghi nhận giá trị kiến trúc và lịch sử của công trình."),
        ],
        body: &[
            "Lễ hội diễn ra trong {n_tiny} ngày với phần lễ trang nghiêm gồm lễ rước, tế lễ và phần hội sôi nổi với các trò chơi dân gian như đấu vật, kéo co, bịt mắt bắt dê, thi nấu cơm.",
            "Hội thi có {n_small} đội văn nghệ đến từ các thôn tham gia với các tiết mục hát chèo, hát quan họ, múa và tiểu phẩm ca ngợi quê hương, đất nước.",
            "Theo các bậc cao niên, nghề {craft} ở làng đã có từ hàng trăm năm nay, có thời kỳ cả làng có hơn {n_med} hộ làm nghề.",
            "Bà {woman} năm nay đã ngoài 70 tuổi nhưng vẫn cần mẫn làm nghề mỗi ngày: “Nghề của cha ông để lại, mình còn làm được ngày nào thì giữ ngày ấy, truyền lại cho con cháu.”",
            "Để phát huy giá trị di sản, địa phương đang phối hợp với ngành văn hóa xây dựng tour du lịch trải nghiệm gắn với làng nghề và di tích.",
            "Hoạt động góp phần giữ gìn và phát huy bản sắc văn hóa dân tộc, đồng thời tạo sân chơi lành mạnh cho nhân dân sau những ngày lao động sản xuất.",
        ],
        table: None,
    },
    Section {
        tag: "Thể thao",
        slug: "the-thao",
        images: &[5],
        stories: &[
            ("Khai mạc giải bóng đá thanh niên {district} mở rộng",
             "Chiều {day}/{month}, tại sân vận động {place_name}, giải bóng đá thanh niên {district} mở rộng năm {year} chính thức khởi tranh."),
            ("{Place} giành giải nhất hội thi thể thao nông dân",
             "Với thành tích toàn diện ở các nội dung thi đấu, đoàn vận động viên {place} đã xuất sắc giành giải nhất toàn đoàn tại hội thi thể thao nông dân {district}."),
            ("Sân vận động {place_name} hoàn thành cải tạo",
             "Sau {n_tiny} tháng thi công, sân vận động {place_name} đã hoàn thành cải tạo và chính thức đưa vào sử dụng, phục vụ nhu cầu luyện tập thể thao của nhân dân."),
            ("Giải chạy “Vì sức khỏe cộng đồng” thu hút {n_med} vận động viên",
             "Sáng {day}/{month}, giải chạy “Vì sức khỏe cộng đồng” do {place} tổ chức đã thu hút {n_med} vận động viên phong trào ở nhiều lứa tuổi tham gia."),
        ],
        body: &[
            "Giải quy tụ {n_small} đội đến từ các xã, thị trấn trong huyện, thi đấu vòng tròn tính điểm ở vòng bảng để chọn các đội mạnh nhất vào vòng loại trực tiếp.",
            "Trận mở màn diễn ra hấp dẫn với chiến thắng {score} của đội {place_name} trước đội {place_name2}, thu hút hàng nghìn cổ động viên đến sân.",
            "Các vận động viên tranh tài ở các môn kéo co, đẩy gậy, cờ tướng, bóng chuyền hơi và chạy việt dã, thể hiện tinh thần đoàn kết, thi đấu cao thượng.",
            "Công trình được cải tạo với mặt sân cỏ nhân tạo, hệ thống đèn chiếu sáng và khán đài có mái che, kinh phí hơn {money}.",
            "Theo Ban tổ chức, đây là dịp để thanh niên địa phương rèn luyện sức khỏe, giao lưu, đồng thời phát hiện, bồi dưỡng tài năng thể thao cho huyện.",
            "Kết thúc giải, Ban tổ chức đã trao cúp, huy chương và tiền thưởng cho các tập thể, cá nhân đạt thành tích cao.",
        ],
        table: Some(Table {
            intro: "Kết quả vòng bảng:",
            head: ["Đội", "Số trận", "Điểm"],
            row_prefix: "",
            col1: (3, 6),
            col2: (0, 18),
        }),
    },
    Section {
        tag: "Pháp luật",
        slug: "phap-luat",
        images: &[1],
        stories: &[
            ("Công an {place} triệt phá tụ điểm đánh bạc",
             "Công an {place} vừa phối hợp với các lực lượng chức năng triệt phá một tụ điểm đánh bạc, bắt quả tang {n_tiny} đối tượng."),
            ("{Place} tuyên truyền an toàn giao thông cho học sinh",
             "Nhằm nâng cao ý thức chấp hành pháp luật về trật tự an toàn giao thông, {place} vừa tổ chức buổi tuyên truyền cho hàng trăm học sinh trên địa bàn."),
            ("Cảnh báo thủ đoạn lừa đảo qua điện thoại tại {district}",
             "Công an {district} vừa phát đi cảnh báo về các thủ đoạn lừa đảo chiếm đoạt tài sản qua điện thoại, mạng xã hội đang có chiều hướng gia tăng."),
            ("Xử lý {n_small} trường hợp lấn chiếm hành lang giao thông tại {place}",
             "Trong đợt ra quân lập lại trật tự đô thị, đoàn kiểm tra liên ngành {place} đã nhắc nhở, xử lý {n_small} trường hợp lấn chiếm vỉa hè, hành lang an toàn giao thông."),
        ],
        body: &[
            "Qua công tác nắm tình hình địa bàn, lực lượng chức năng đã kịp thời phát hiện, lập biên bản và xử lý nghiêm các vi phạm theo quy định.",
            "Cán bộ công an đã phổ biến các quy định về đội mũ bảo hiểm, không điều khiển xe máy khi chưa đủ tuổi, không dàn hàng ngang và các kỹ năng tham gia giao thông an toàn.",
            "Thời gian gần đây xuất hiện tình trạng đối tượng giả danh cán bộ công an, nhân viên ngân hàng gọi điện yêu cầu chuyển tiền hoặc cung cấp mã OTP. Người dân tuyệt đối không làm theo và cần báo ngay cho cơ quan chức năng.",
            "Đoàn kiểm tra đã yêu cầu các hộ kinh doanh tự tháo dỡ mái che, biển quảng cáo lấn chiếm vỉa hè, trả lại không gian thông thoáng cho người đi bộ.",
            "Hiện vụ việc đang được cơ quan chức năng tiếp tục điều tra, xử lý theo quy định của pháp luật.",
            "Từ đầu năm đến nay, tình hình an ninh trật tự trên địa bàn cơ bản ổn định, tai nạn giao thông giảm cả ba tiêu chí về số vụ, số người chết và số người bị thương.",
        ],
        table: None,
    },
];

/// Closing paragraphs any section may end with.
pub const CLOSINGS: &[&str] = &[
    "Kết quả trên khẳng định sự vào cuộc quyết liệt của cả hệ thống chính trị và sự đồng thuận của nhân dân trên địa bàn.",
    "Thời gian tới, {place} tiếp tục rà soát, khắc phục những hạn chế, phấn đấu hoàn thành các chỉ tiêu kinh tế – xã hội năm {year}.",
    "Lãnh đạo {district} đánh giá cao nỗ lực của địa phương, đồng thời đề nghị tiếp tục phát huy vai trò của các đoàn thể, lắng nghe ý kiến người dân để có giải pháp phù hợp.",
    "Được biết, đây là hoạt động thường niên, góp phần nâng cao đời sống vật chất và tinh thần cho nhân dân.",
    "{Role_person}, khẳng định địa phương sẽ tiếp tục đồng hành, tạo điều kiện thuận lợi nhất để người dân yên tâm lao động, sản xuất.",
];
