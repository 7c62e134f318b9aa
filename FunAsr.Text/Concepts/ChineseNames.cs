namespace FunAsr.Text.Concepts;

/// <summary>
/// Patterns of Chinese people's and companies' names, for the words a segmenter leaves as single characters (王/小/明) or
/// does not know: a common surname followed by a one- or two-character given name, 小/老 + surname, a surname + a title
/// (张经理), and a name followed by a company word (星海科技, 远东集团).
/// </summary>
public static class ChineseNames
{
    /// <summary>The most common single-character surnames (together about nine in ten people in China).</summary>
    public const string Surnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

    /// <summary>Characters common in given names: after a surname, a single one of these (or an unknown word) makes a name (王敏, 李娜).</summary>
    public const string GivenNameCharacters =
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美霞平刚兰玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚婕馨韵融艺咏卿聪澜毓悦昭冰爽琬茗羽希欣飘滢馥筠柔霭凝晓欢霄枫芸菲寒伊亚宜舒影荔妮宝程梵罡恒鸿桦骅剑娇灵媚琪晴睿烁唯威雯萱彦宇雨忠宗曼紫逸贤蝶菡翠轩鹏飞斌辉浩波峰建文志海林东亮凯宏俊博磊鑫晨阳健铭浩然子豪天翔泽昊楠琛瀚震霖彬锋岩松柏坤毅帆航锐哲";

    /// <summary>Words that follow a surname to address or name a person (张经理, 李老师).</summary>
    public static readonly IReadOnlySet<string> Titles = new HashSet<string>(StringComparer.Ordinal)
    {
        "经理", "总监", "主管", "老师", "教授", "博士", "医生", "护士", "律师", "会计", "先生", "女士", "小姐", "同学", "师傅", "总",
        "工", "主任", "组长", "部长", "处长", "科长", "院长", "校长", "老板", "董事长", "总裁", "专员", "顾问", "工程师", "阿姨",
    };

    /// <summary>Words that end a company's name when a name comes before them (星海科技; not 物流公司, a kind of company).</summary>
    public static readonly IReadOnlySet<string> CompanyWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "公司", "集团", "科技", "有限公司", "股份", "控股", "实业", "商贸", "传媒", "工作室", "事务所",
    };

    public static bool IsSurname(char c) => Surnames.Contains(c);
}
